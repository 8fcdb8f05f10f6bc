//! Syntax a pass adds once per operation or type, parsed once per run and
//! filled in per item.
//!
//! Parsing a `parse_quote!` template for every builder, listing or enum was
//! most of the post-processing time (about two thirds of it on the bench's
//! synthetic specs): syn builds a token buffer and parses it speculatively,
//! some 3,000 instructions a token. Cloning a parsed tree and replacing its
//! holes costs a fraction of that, and gives the same tree: the holes are
//! ordinary identifiers, types, expressions or patterns with names no spec
//! can produce (`__` and a name), swapped for the item's own syntax. A
//! string a template leaves open (a wire value, a generated doc line:
//! `#[doc = __doc]`) is an expression hole filled with a literal, so filling
//! never reads the template's own string literals.
//!
//! A hole is replaced where it stands as a whole node, and what replaces it
//! is never searched again, so a spec's own names cannot be mistaken for a
//! hole even if they were spelled like one.

use proc_macro2::{Ident, Span, TokenStream};
use syn::visit_mut::VisitMut;

/// What fills one hole.
#[derive(Clone, Copy)]
pub enum Fill<'a> {
    /// Any identifier spelled as the hole: a name, a path segment, a field.
    Ident(&'a Ident),
    /// A type that is the hole's name alone (`__Page`).
    Type(&'a syn::Type),
    /// An expression that is the hole's name alone (`__info`).
    Expr(&'a syn::Expr),
    /// A pattern that is the hole's name alone (`__wire => ..`).
    Pat(&'a syn::Pat),
}

/// Parses a template once. The template is this crate's own code, never
/// the spec's, so a failure is a bug in a pass, found by every test that
/// generates: the same contract as `syn::parse_quote!`, which panics too.
pub fn parse<T: syn::parse::Parse>(tokens: TokenStream) -> T {
    match syn::parse2(tokens) {
        Ok(tree) => tree,
        Err(e) => panic!("a post-processing template does not parse: {e}"),
    }
}

/// A copy of `template` with every hole replaced.
pub fn fill<T: Node + Clone>(template: &T, holes: &[(&str, Fill<'_>)]) -> T {
    debug_assert!(
        holes.iter().all(|(name, _)| name.starts_with("__")),
        "a hole's name starts with `__`, which no spec name becomes"
    );
    let mut tree = template.clone();
    tree.visit_with(&mut Holes(holes));
    tree
}

/// `true` or `false`, to fill an expression hole.
pub fn bool_literal(value: bool) -> syn::Expr {
    syn::Expr::Lit(syn::ExprLit {
        attrs: Vec::new(),
        lit: syn::Lit::Bool(syn::LitBool::new(value, Span::call_site())),
    })
}

/// `&[a, b, ..]`, to fill an expression hole with a list the template
/// cannot know the length of.
pub fn slice(elems: impl IntoIterator<Item = syn::Expr>) -> syn::Expr {
    syn::Expr::Reference(syn::ExprReference {
        attrs: Vec::new(),
        and_token: Default::default(),
        mutability: None,
        expr: Box::new(syn::Expr::Array(syn::ExprArray {
            attrs: Vec::new(),
            bracket_token: Default::default(),
            elems: elems.into_iter().collect(),
        })),
    })
}

/// A string literal expression.
pub fn str_literal(value: &str) -> syn::Expr {
    syn::Expr::Lit(syn::ExprLit {
        attrs: Vec::new(),
        lit: syn::Lit::Str(syn::LitStr::new(value, Span::call_site())),
    })
}

/// The syntax trees a template can be.
pub trait Node {
    /// Runs `visitor` over the tree.
    fn visit_with(&mut self, visitor: &mut impl VisitMut);
}

macro_rules! nodes {
    ($($ty:ty => $visit:ident;)*) => {
        $(impl Node for $ty {
            fn visit_with(&mut self, visitor: &mut impl VisitMut) {
                visitor.$visit(self);
            }
        })*
    };
}

nodes! {
    syn::Item => visit_item_mut;
    syn::ItemImpl => visit_item_impl_mut;
    syn::Expr => visit_expr_mut;
    syn::Stmt => visit_stmt_mut;
    syn::Arm => visit_arm_mut;
    syn::Type => visit_type_mut;
}

struct Holes<'h, 'a>(&'h [(&'h str, Fill<'a>)]);

impl Holes<'_, '_> {
    fn find(&self, name: &Ident) -> Option<Fill<'_>> {
        self.0
            .iter()
            .find(|(hole, _)| name == hole)
            .map(|(_, f)| *f)
    }

    /// The single identifier a path is (`__Page`, not `types::__Page` or
    /// `__Page<T>`): the only paths that may be a type or expression hole.
    fn lone(path: &syn::Path) -> Option<&Ident> {
        if path.leading_colon.is_some() || path.segments.len() != 1 {
            return None;
        }
        let segment = &path.segments[0];
        segment.arguments.is_none().then_some(&segment.ident)
    }
}

impl VisitMut for Holes<'_, '_> {
    fn visit_type_mut(&mut self, ty: &mut syn::Type) {
        if let syn::Type::Path(p) = ty
            && p.qself.is_none()
            && let Some(name) = Self::lone(&p.path)
            && let Some(Fill::Type(with)) = self.find(name)
        {
            *ty = with.clone();
            return;
        }
        syn::visit_mut::visit_type_mut(self, ty);
    }

    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        if let syn::Expr::Path(p) = expr
            && p.qself.is_none()
            && p.attrs.is_empty()
            && let Some(name) = Self::lone(&p.path)
            && let Some(Fill::Expr(with)) = self.find(name)
        {
            *expr = with.clone();
            return;
        }
        syn::visit_mut::visit_expr_mut(self, expr);
    }

    fn visit_ident_mut(&mut self, ident: &mut Ident) {
        if let Some(Fill::Ident(with)) = self.find(ident) {
            *ident = with.clone();
        }
    }

    fn visit_pat_mut(&mut self, pat: &mut syn::Pat) {
        if let syn::Pat::Ident(p) = pat
            && p.by_ref.is_none()
            && p.mutability.is_none()
            && p.subpat.is_none()
            && let Some(Fill::Pat(with)) = self.find(&p.ident)
        {
            *pat = with.clone();
            return;
        }
        syn::visit_mut::visit_pat_mut(self, pat);
    }
}

#[cfg(test)]
mod tests {
    use quote::{ToTokens, format_ident, quote};

    use super::*;

    fn text(tree: &impl ToTokens) -> String {
        tree.to_token_stream().to_string()
    }

    /// Filling gives the tree that parsing the filled-in text gives.
    #[test]
    fn a_filled_template_is_the_tree_parse_quote_gives() {
        let template: syn::ItemImpl = parse(quote! {
            impl<'a> __Builder<'a> {
                #[doc = __doc]
                pub fn pages(self) -> Stream<__Page> {
                    let info = __info;
                    match kind { __wire => 1, other => 2 };
                    run(info, |page: &__Page| page.__field.as_deref())
                }
            }
        });
        let builder = format_ident!("ListThings");
        let field = format_ident!("next_link");
        let page: syn::Type = syn::parse_quote!(types::ThingPage);
        let info: syn::Expr = syn::parse_quote!(Info {
            id: "listThings",
            safe: true
        });
        let wire: syn::Pat = syn::parse_quote!("active");
        let filled = fill(
            &template,
            &[
                ("__Builder", Fill::Ident(&builder)),
                ("__field", Fill::Ident(&field)),
                ("__Page", Fill::Type(&page)),
                ("__info", Fill::Expr(&info)),
                ("__doc", Fill::Expr(&str_literal("Every page."))),
                ("__wire", Fill::Pat(&wire)),
            ],
        );
        let expected: syn::ItemImpl = syn::parse_quote! {
            impl<'a> ListThings<'a> {
                #[doc = "Every page."]
                pub fn pages(self) -> Stream<types::ThingPage> {
                    let info = Info { id: "listThings", safe: true };
                    match kind { "active" => 1, other => 2 };
                    run(info, |page: &types::ThingPage| page.next_link.as_deref())
                }
            }
        };
        assert_eq!(text(&filled), text(&expected));
        assert_eq!(filled, expected);
    }

    /// A replacement is not searched for holes again, and names that are
    /// not holes stay as they are.
    #[test]
    fn what_fills_a_hole_is_left_alone() {
        let template: syn::Expr = parse(quote!(call(__a, __b, __c, other)));
        let looks_like_a_hole: syn::Expr = syn::parse_quote!(__b);
        let x: syn::Expr = syn::parse_quote!(x);
        let filled = fill(
            &template,
            &[
                ("__a", Fill::Expr(&looks_like_a_hole)),
                ("__b", Fill::Expr(&x)),
            ],
        );
        assert_eq!(text(&filled), text(&quote!(call(__b, x, __c, other))));
    }
}
