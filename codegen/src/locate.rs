//! Line and column of every node of the YAML text, by its dotted path inside
//! the document (`paths./chat/threads/{chatThreadId}/readReceipts.get`), so
//! that problems found in the parsed document point back at the text.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// Positions (1-based line and column) of mapping keys and sequence items.
#[derive(Debug, Default)]
pub struct Positions {
    by_path: HashMap<String, (usize, usize)>,
}

impl Positions {
    /// Reads the positions of `text`; empty if it is not valid YAML.
    pub fn of(text: &str) -> Positions {
        let mut builder = Builder::default();
        let mut parser = Parser::new_from_str(text);
        if parser.load(&mut builder, false).is_err() {
            return Positions::default();
        }
        Positions {
            by_path: builder.by_path,
        }
    }

    /// The position of `path`, or of its nearest ancestor that has one.
    pub fn find(&self, path: &str) -> Option<(usize, usize)> {
        self.find_with_path(path)
            .map(|(_, line, column)| (line, column))
    }

    /// Like [`Positions::find`], with the path that was found (`path` or
    /// an ancestor).
    pub fn find_with_path<'p>(&self, path: &'p str) -> Option<(&'p str, usize, usize)> {
        let mut path = path;
        loop {
            if let Some(&(line, column)) = self.by_path.get(path) {
                return Some((path, line, column));
            }
            path = &path[..path.rfind('.')?];
        }
    }
}

enum Frame {
    /// In a mapping: the path of the mapping, and the key whose value comes
    /// next (`None` when a key comes next).
    Mapping { path: String, key: Option<String> },
    /// In a sequence: its path and the index of the next item.
    Sequence { path: String, next: usize },
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    by_path: HashMap<String, (usize, usize)>,
}

fn join(parent: &str, child: &str) -> String {
    if parent.is_empty() {
        child.to_string()
    } else {
        format!("{parent}.{child}")
    }
}

impl Builder {
    /// A node starts at `mark`: returns its path, or `None` when it is a
    /// mapping key (recorded as the pending key instead).
    fn node(&mut self, scalar: Option<&str>, mark: Marker) -> Option<String> {
        let position = (mark.line(), mark.col() + 1);
        match self.stack.last_mut() {
            None => Some(String::new()),
            Some(Frame::Mapping { path, key }) => match key.take() {
                Some(k) => Some(join(path, &k)),
                None => {
                    let k = scalar.unwrap_or("?").to_string();
                    // A mapping inside a list is placed at its first key
                    // (the parser marks block mappings a little later).
                    self.by_path.entry(path.clone()).or_insert(position);
                    self.by_path.entry(join(path, &k)).or_insert(position);
                    *key = Some(k);
                    None
                }
            },
            Some(Frame::Sequence { path, next }) => {
                let p = join(path, &next.to_string());
                *next += 1;
                if scalar.is_some() {
                    self.by_path.entry(p.clone()).or_insert(position);
                }
                Some(p)
            }
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::Scalar(value, ..) => {
                self.node(Some(&value), mark);
            }
            Event::Alias(_) => {
                self.node(Some("*"), mark);
            }
            Event::MappingStart(..) => {
                if let Some(path) = self.node(None, mark) {
                    self.stack.push(Frame::Mapping { path, key: None });
                } else {
                    // A complex key: its contents have no path of their own.
                    self.stack.push(Frame::Mapping {
                        path: "?".into(),
                        key: None,
                    });
                }
            }
            Event::SequenceStart(..) => {
                let path = self.node(None, mark).unwrap_or_else(|| "?".into());
                self.stack.push(Frame::Sequence { path, next: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_keys_items_and_nearest_ancestors() {
        let text = "openapi: 3.0.3\npaths:\n  /a/{id}:\n    get:\n      parameters:\n        - name: id\n        - name: q\n";
        let p = Positions::of(text);
        assert_eq!(p.find("openapi"), Some((1, 1)));
        assert_eq!(p.find("paths./a/{id}.get"), Some((4, 5)));
        assert_eq!(p.find("paths./a/{id}.get.parameters.1"), Some((7, 11)));
        assert_eq!(p.find("paths./a/{id}.get.responses.200"), Some((4, 5)));
        assert_eq!(p.find("nothing"), None);
    }
}
