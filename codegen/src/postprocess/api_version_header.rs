//! progenitor adds an `api-version` *header* holding `info.version` to every
//! request. The ACS service takes the version in the query string (a
//! client-level parameter) and the header is noise at best, so the
//! statements that append it are removed.

use syn::visit::Visit;

/// Removes every statement that calls `…::api_version()` from the
/// functions of the operation builders.
///
/// progenitor writes it in one place only, as a statement of its own at the
/// top of each builder's `send` (`header_map.append(.., ..from_static(
/// super::Client::api_version()))`, which `progenitor_shape` pins): only
/// the top-level method-call statements of the functions in `mod builder`
/// are searched, not every node of the file.
pub fn apply(file: &mut syn::File) {
    let Some(builders) = super::syntax::module_mut(file, "builder") else {
        return;
    };
    for item in builders {
        let syn::Item::Impl(imp) = item else { continue };
        for f in &mut imp.items {
            if let syn::ImplItem::Fn(f) = f {
                remove_from(&mut f.block);
            }
        }
    }
}

fn remove_from(block: &mut syn::Block) {
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
}

/// A statement that is a method call with a call to `…::api_version()` in
/// it.
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
    let syn::Stmt::Expr(syn::Expr::MethodCall(call), _) = stmt else {
        return false;
    };
    let mut finder = Finder(false);
    finder.visit_expr_method_call(call);
    finder.0
}
