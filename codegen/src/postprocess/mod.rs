//! Changes to progenitor's syntax tree for what the spec asks through its
//! extensions. Each pass is in its own file and driven by the [`Plan`], never
//! by operation or type names.

mod api_version_header;
mod call_options;
mod client_parameters;
mod constructors;
mod error_shapes;
mod extensible_enums;
mod imports;
mod operation_calls;
mod optional_body;
mod pageable;
mod path_encoding;
mod query_styles;
mod request_content_type;
mod scopes;
pub(crate) mod syntax;
mod template;
mod unions;

use proc_macro2::TokenStream;

use crate::error::{Diagnostic, Location};
use crate::normalize::Plan;

/// Parses progenitor's tokens and applies every pass.
pub fn apply(tokens: TokenStream, plan: &Plan) -> Result<syn::File, Vec<Diagnostic>> {
    let mut file: syn::File = syn::parse2(tokens).map_err(|e| {
        vec![Diagnostic {
            location: Location::Document,
            message: format!("progenitor produced code that does not parse: {e}"),
        }]
    })?;
    api_version_header::apply(&mut file);
    constructors::apply(&mut file);
    path_encoding::apply(&mut file);
    imports::apply(&mut file);
    if let Some(types) = syntax::module_mut(&mut file, "types") {
        extensible_enums::apply(types, &plan.extensible_enums)?;
        unions::apply(types, &plan.unions)?;
    }
    optional_body::apply(&mut file, &plan.optional_bodies)?;
    let error_shapes = error_shapes::by_builder(&plan.error_shapes);
    let operations = operation_calls::apply(&mut file, &plan.retry_safe, &error_shapes)?;
    request_content_type::apply(&mut file, &plan.request_content_types)?;
    query_styles::apply(&mut file, &plan.delimited_queries)?;
    call_options::apply(&mut file, &operations)?;
    pageable::apply(&mut file, &plan.pageables, &operations)?;
    scopes::apply(&mut file, &plan.scopes)?;
    file.items.extend(client_parameters::items(
        &plan.client_parameters,
        &plan.query,
    ));
    Ok(file)
}
