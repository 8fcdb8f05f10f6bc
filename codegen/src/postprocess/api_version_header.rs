//! progenitor adds an `api-version` *header* holding `info.version` to every
//! request. The ACS service takes the version in the query string (a
//! client-level parameter) and the header is noise at best, so the
//! statements that append it are removed.

use syn::visit::Visit;
use syn::visit_mut::VisitMut;

/// Removes every statement that calls `…::api_version()`.
pub fn apply(file: &mut syn::File) {
    Remover.visit_file_mut(file);
}

struct Remover;

impl VisitMut for Remover {
    fn visit_block_mut(&mut self, block: &mut syn::Block) {
        let before = block.stmts.len();
        block.stmts.retain(|stmt| !calls_api_version(stmt));
        if block.stmts.len() != before {
            // The header map may now be filled by nothing else.
            for stmt in &mut block.stmts {
                if let syn::Stmt::Local(local) = stmt
                    && matches!(&local.pat, syn::Pat::Ident(p) if p.ident == "header_map")
                {
                    local.attrs.push(syn::parse_quote!(#[allow(unused_mut)]));
                }
            }
        }
        syn::visit_mut::visit_block_mut(self, block);
    }
}

fn calls_api_version(stmt: &syn::Stmt) -> bool {
    struct Finder(bool);
    impl<'ast> Visit<'ast> for Finder {
        fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
            if let syn::Expr::Path(p) = &*call.func
                && p.path
                    .segments
                    .last()
                    .is_some_and(|s| s.ident == "api_version")
            {
                self.0 = true;
            }
            syn::visit::visit_expr_call(self, call);
        }
    }
    let mut finder = Finder(false);
    finder.visit_stmt(stmt);
    finder.0
}
