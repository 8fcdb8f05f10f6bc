//! The generated Rust API of both sides: each generated in process and
//! parsed into its public surface. Small specs are generated whole, one
//! side per thread. A large pair ([`chunks`]) is checked whole (errors keep
//! their place), then split into parts by a stable hash of each path; a part
//! that is the same text on both sides is generated once and counts for
//! both, so a review of a large spec costs about one generation plus the
//! parts that changed, spread over two threads.

use crate::rust_api::chunks;
use crate::rust_api::{self, Surface};

/// One side's generated source (without its `@generated` header; for a
/// split pair, only the parts that differ from the other side) and its
/// public surface, or the generator's first error on one line.
pub type Generated = Result<(String, Surface), String>;

/// The first line of an error, with how many more lines it has: reports
/// and the PR comment get one line per problem.
pub fn one_line(error: &str) -> String {
    let mut lines = error.lines().filter(|l| !l.trim().is_empty());
    let first = lines.next().unwrap_or("unknown error").trim().to_string();
    match lines.count() {
        0 => first,
        n => format!(
            "{first} (and {n} more problem{})",
            if n == 1 { "" } else { "s" }
        ),
    }
}

/// Generates `text` and reads its surface.
fn generate(text: &str, name: &str) -> Generated {
    let options = acs_chat_codegen::Options::new(name);
    let source =
        acs_chat_codegen::generate(text, &options).map_err(|e| one_line(&e.to_string()))?;
    let surface = rust_api::surface(&source).map_err(|e| one_line(&e))?;
    Ok((rust_api::without_header(&source).to_string(), surface))
}

/// One side alone, whole or (`split`) in parts: what the pair does, for a
/// test that the parts give the same surface as the whole.
pub fn one_side(text: &str, name: &str, split: bool) -> Generated {
    let parts = if split { chunks::split(text) } else { None };
    let Some(parts) = parts else {
        return generate(text, name);
    };
    let options = acs_chat_codegen::Options::new(name);
    acs_chat_codegen::check(text, &options).map_err(|e| one_line(&e.to_string()))?;
    let mut body = String::new();
    let mut surface = Surface::default();
    let count = parts.len();
    for (i, part) in parts.iter().enumerate() {
        let (b, s) = generate(part, &format!("{name} (part {} of {count})", i + 1))?;
        surface.merge(s);
        body.push_str(&b);
    }
    Ok((body, surface))
}

/// Which side a part is generated for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum For {
    Both,
    Base,
    Head,
}

/// Both sides; `names` are the sources as messages name them, `paths` the
/// number of paths of each (from the documents already read).
pub fn both(
    base: &str,
    head: &str,
    names: (&str, &str),
    paths: (usize, usize),
) -> (Generated, Generated) {
    let Some(count) = chunks::parts_for(&[paths.0, paths.1]) else {
        return two_threads(|| generate(base, names.0), || generate(head, names.1));
    };
    let check = |text: &str, name: &str| {
        acs_chat_codegen::check(text, &acs_chat_codegen::Options::new(name))
            .map(|_| ())
            .map_err(|e| one_line(&e.to_string()))
    };
    let (base_ok, head_ok) = two_threads(|| check(base, names.0), || check(head, names.1));
    let parts = |ok: &Result<(), String>, text: &str| -> Vec<Option<String>> {
        match ok {
            Ok(()) => chunks::split_into(text, count).unwrap_or_default(),
            Err(_) => Vec::new(),
        }
    };
    let (bp, hp) = (parts(&base_ok, base), parts(&head_ok, head));
    let mut jobs: Vec<(usize, For, &str)> = Vec::new();
    for i in 0..count {
        let b = bp.get(i).and_then(Option::as_deref);
        let h = hp.get(i).and_then(Option::as_deref);
        match (b, h) {
            (Some(x), Some(y)) if x == y => jobs.push((i, For::Both, x)),
            _ => {
                jobs.extend(b.map(|x| (i, For::Base, x)));
                jobs.extend(h.map(|y| (i, For::Head, y)));
            }
        }
    }
    let name = |i: usize, side: For| {
        let source = if side == For::Head { names.1 } else { names.0 };
        format!("{source} (part {} of {count})", i + 1)
    };
    let run = |mine: Vec<&(usize, For, &str)>| -> Vec<(usize, For, Generated)> {
        mine.into_iter()
            .map(|&(i, side, text)| (i, side, generate(text, &name(i, side))))
            .collect()
    };
    let (even, odd): (Vec<_>, Vec<_>) = jobs.iter().enumerate().partition(|(n, _)| n % 2 == 0);
    let (mut done, more) = two_threads(
        || run(even.into_iter().map(|(_, j)| j).collect()),
        || run(odd.into_iter().map(|(_, j)| j).collect()),
    );
    done.extend(more);
    done.sort_by_key(|(i, side, _)| (*i, *side as u8));
    let assemble = |ok: Result<(), String>, mine: For| -> Generated {
        ok?;
        let mut body = String::new();
        let mut surface = Surface::default();
        for (_, side, generated) in &done {
            if *side != mine && *side != For::Both {
                continue;
            }
            let (b, s) = generated.as_ref().map_err(Clone::clone)?;
            surface.merge(s.clone());
            // A part the same on both sides is the same code on both.
            if *side == mine {
                body.push_str(b);
            }
        }
        Ok((body, surface))
    };
    (assemble(base_ok, For::Base), assemble(head_ok, For::Head))
}

/// Runs `a` on a thread of its own and `b` on this one.
fn two_threads<A: Send, B>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B) -> (A, B) {
    std::thread::scope(|scope| {
        let a = scope.spawn(a);
        let b = b();
        match a.join() {
            Ok(a) => (a, b),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}
