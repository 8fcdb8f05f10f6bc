//! progenitor adds an `api-version` *header* holding `info.version` to every
//! request. The ACS service takes the version in the query string (a
//! client-level parameter) and the header is noise at best, so the
//! statements that append it are removed.

use syn::visit_mut::VisitMut;

/// Removes every statement that calls `…::api_version()`.
///
/// One walk: a block's statements are visited first (which removes the
/// calls nested in them), and a statement in which a call was found is
/// removed whole, and so is each statement that contains it, out to the
/// function's body (the same statements as checking each statement's
/// whole subtree at every level, without walking nested blocks once per
/// level).
///
/// progenitor writes the statement in the operation builders only (as
/// `progenitor_shape` pins), so only `mod builder` is walked: `mod types`,
/// most of the file, cannot hold it.
pub fn apply(file: &mut syn::File) {
    let Some(builders) = super::syntax::module_mut(file, "builder") else {
        return;
    };
    let mut remover = Remover { found: false };
    for item in builders {
        remover.visit_item_mut(item);
    }
}

struct Remover {
    /// A call was found in what is being visited.
    found: bool,
}

impl VisitMut for Remover {
    fn visit_expr_call_mut(&mut self, call: &mut syn::ExprCall) {
        if let syn::Expr::Path(p) = &*call.func
            && p.path
                .segments
                .last()
                .is_some_and(|s| s.ident == "api_version")
        {
            self.found = true;
        }
        syn::visit_mut::visit_expr_call_mut(self, call);
    }

    fn visit_block_mut(&mut self, block: &mut syn::Block) {
        let outer = std::mem::replace(&mut self.found, false);
        let mut removed = false;
        let mut kept = Vec::with_capacity(block.stmts.len());
        for mut stmt in std::mem::take(&mut block.stmts) {
            self.found = false;
            self.visit_stmt_mut(&mut stmt);
            if self.found {
                removed = true;
            } else {
                kept.push(stmt);
            }
        }
        block.stmts = kept;
        if removed {
            // The header map may now be filled by nothing else.
            for stmt in &mut block.stmts {
                if let syn::Stmt::Local(local) = stmt
                    && matches!(&local.pat, syn::Pat::Ident(p) if p.ident == "header_map")
                {
                    local.attrs.push(syn::parse_quote!(#[allow(unused_mut)]));
                }
            }
        }
        self.found = outer || removed;
    }
}
