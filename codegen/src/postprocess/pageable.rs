//! Pageable operations (`x-ms-pageable`): each gets
//! - `pages()` and `stream()` on the operation's builder: every page, or
//!   every item across pages;
//! - `Client::<op>_next_page(next_link)`: one page from a saved `nextLink`;
//! - `Client::<op>_pages_from(next_link)`: resume paging from one.
//!
//! The page type, the item type and the field names come from the spec (via
//! the generated types); requests go through the same pipeline and decoding
//! as the operation itself (see `operation_calls`), and the paging policy
//! (origin checks, loop detection) is the runtime's `paging` module.

use std::collections::{HashMap, HashSet};

use heck::ToSnakeCase;
use quote::{format_ident, quote};
use syn::Item;
use syn::visit_mut::VisitMut;

use super::operation_calls::Operation;
use super::syntax::{first_generic, serde_rename, type_name};
use super::template::{self, Fill};
use crate::error::Diagnostic;
use crate::normalize::PageableOperation;
use crate::runtime_contract;

/// Adds the paging items for every pageable operation.
///
/// Linear in the size of the file: the builders, the structs of `types`
/// and the names defined there are indexed once, and the new items are
/// appended at the end, instead of searching the whole file once per
/// pageable operation (which made a spec of 1,000 listings quadratic).
pub fn apply(
    file: &mut syn::File,
    pageables: &[PageableOperation],
    operations: &[Operation],
) -> Result<(), Vec<Diagnostic>> {
    if pageables.is_empty() {
        return Ok(());
    }
    let mut problems = Vec::new();
    let builders: HashMap<&str, &Operation> = operations
        .iter()
        .rev() // the first of a name wins, as a forward search found it
        .map(|o| (o.builder.as_str(), o))
        .collect();
    let mut client_items = Vec::new();
    let mut builder_items = Vec::new();
    let templates = Templates::new();
    let mut link_docs = HashMap::new();
    {
        let types = TypesIndex::of(super::syntax::module_mut(file, "types").map(|t| &*t));
        for op in pageables {
            match apply_one(&types, op, &builders, &templates, &mut link_docs) {
                Ok((client, builder)) => {
                    client_items.extend(client);
                    builder_items.push(builder);
                }
                Err(message) => problems.push(Diagnostic::at(
                    format!("operation `{}` (x-ms-pageable)", op.operation_id),
                    message,
                )),
            }
        }
    }
    if !builder_items.is_empty() {
        match super::syntax::module_mut(file, "builder") {
            Some(builder) => builder.extend(builder_items),
            None => problems.push(Diagnostic::at(
                crate::model::extensions::PAGEABLE,
                "no `builder` module in the generated code",
            )),
        }
    }
    file.items.extend(client_items);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// The structs of `mod types` by name and every name it defines, built once.
struct TypesIndex<'a> {
    /// `None`: there is no `types` module.
    structs: Option<HashMap<String, &'a syn::Fields>>,
    defined: HashSet<String>,
}

impl<'a> TypesIndex<'a> {
    fn of(types: Option<&'a Vec<Item>>) -> Self {
        let Some(types) = types else {
            return TypesIndex {
                structs: None,
                defined: HashSet::new(),
            };
        };
        let mut structs = HashMap::new();
        let mut defined = HashSet::new();
        for item in types {
            match item {
                Item::Struct(s) => {
                    let name = s.ident.to_string();
                    structs.entry(name.clone()).or_insert(&s.fields);
                    defined.insert(name);
                }
                Item::Enum(e) => {
                    defined.insert(e.ident.to_string());
                }
                Item::Type(t) => {
                    defined.insert(t.ident.to_string());
                }
                _ => {}
            }
        }
        TypesIndex {
            structs: Some(structs),
            defined,
        }
    }
}

/// The paging items of one listing, parsed once per run and filled in per
/// operation (see `template`). Holes: `__Builder`, `__Page` (the page
/// type), `__Item`, `__operation_id`, `__retry_safe` and `__error_shapes`
/// (its `OperationInfo`), `__items_of` (the items of `page`), `__next_link_of`
/// (the next link of `page`), the methods `__next_page` and `__pages_from`,
/// and the docs `__pages_doc`, `__stream_doc`, `__next_page_doc` and
/// `__pages_from_doc`.
struct Templates {
    /// The builder's `pages` and `stream` (`__next_link_of` is one of the
    /// two closures below).
    builder: Item,
    /// `Client::<op>_next_page` and `Client::<op>_pages_from`.
    client: Item,
    /// `|page: &__Page| page.__next_field.as_deref()`.
    next_link_of: syn::Expr,
    /// `|_: &__Page| None`, for a listing of one page (`nextLinkName: null`).
    no_next_link: syn::Expr,
    /// `page.__items_field`.
    items: syn::Expr,
    /// `page.__items_field.unwrap_or_default()`.
    optional_items: syn::Expr,
}

impl Templates {
    fn new() -> Self {
        let item_stream = runtime_contract::item_stream();
        let items = runtime_contract::items();
        let page_stream = runtime_contract::page_stream();
        let pages = runtime_contract::pages();
        let pages_from = runtime_contract::pages_from();
        let next_page_fn = runtime_contract::next_page();
        let error = runtime_contract::error();
        let continuation_token = runtime_contract::continuation_token();
        let call_options = runtime_contract::call_options();
        let field = format_ident!("{}", super::call_options::FIELD);
        let info = runtime_contract::operation_info_for(
            &quote!(__operation_id),
            quote!(__retry_safe),
            quote!(__error_shapes),
        );
        let stream_fn = quote! {
            #[doc = __stream_doc]
            pub fn stream(self) -> #item_stream<__Item> {
                #items(self.pages(), |page: __Page| __items_of)
            }
        };
        Templates {
            builder: template::parse(quote! {
                impl<'a> __Builder<'a> {
                    #[doc = __pages_doc]
                    pub fn pages(self) -> #page_stream<__Page> {
                        let mut this = self;
                        let options = ::std::mem::take(&mut this.#field);
                        #pages(
                            this.build_request().map(|(client, request)| (&client.inner, request)),
                            #info,
                            options,
                            __Builder::decode,
                            __next_link_of,
                        )
                    }

                    #stream_fn
                }
            }),
            client: template::parse(quote! {
                impl Client {
                    #[doc = __next_page_doc]
                    pub async fn __next_page(
                        &self,
                        next_link: &str,
                    ) -> Result<ResponseValue<__Page>, #error> {
                        #next_page_fn(
                            &self.inner,
                            next_link,
                            #info,
                            &#call_options::default(),
                            builder::__Builder::decode,
                        )
                        .await
                    }

                    #[doc = __pages_from_doc]
                    pub fn __pages_from(
                        &self,
                        next_link: impl Into<#continuation_token>,
                    ) -> #page_stream<__Page> {
                        #pages_from(
                            &self.inner,
                            next_link.into(),
                            #info,
                            #call_options::default(),
                            builder::__Builder::decode,
                            __next_link_of,
                        )
                    }
                }
            }),
            next_link_of: template::parse(quote!(|page: &__Page| page.__next_field.as_deref())),
            no_next_link: template::parse(quote!(|_: &__Page| None)),
            items: template::parse(quote!(page.__items_field)),
            optional_items: template::parse(quote!(page.__items_field.unwrap_or_default())),
        }
    }
}

/// The docs that depend only on the name of the next-link field, made
/// once per name (a doc literal is escaped character by character).
struct LinkDocs {
    stream_doc: syn::Expr,
    pages_doc: syn::Expr,
}

impl LinkDocs {
    fn of(link_name: &str) -> Self {
        LinkDocs {
            stream_doc: template::str_literal(&format!(
                "Every item across all pages, in order, one page in memory at a time. \
                 See [`Self::pages`] for page-by-page access and the `{link_name}` of each page."
            )),
            pages_doc: template::str_literal(&format!(
                "Every page, following `{link_name}` until the last page. Sends the request of \
                 [`Self::send`] first, and every page's request with this builder's per-call \
                 options (time limit, retries, extra headers); stops at the first error, after \
                 yielding it."
            )),
        }
    }
}

/// The items for one operation: those for `impl Client` (none for a
/// one-page listing) and the one for its builder module.
fn apply_one(
    types: &TypesIndex<'_>,
    op: &PageableOperation,
    operations: &HashMap<&str, &Operation>,
    templates: &Templates,
    link_docs: &mut HashMap<String, LinkDocs>,
) -> Result<(Option<Item>, Item), String> {
    let method = op.operation_id.to_snake_case();
    let builder_name = super::syntax::builder_name(&op.operation_id);
    let operation = operations
        .get(builder_name.as_str())
        .ok_or_else(|| format!("no builder `{builder_name}` in the generated code"))?;
    let page = &operation.success;
    let page_name = type_name(page).ok_or("the page type is not a named type")?;
    let (items_field, item_type, next_field, items_optional) = page_fields(types, &page_name, op)?;
    // An optional item property is a `Vec` with `#[serde(default)]`; one
    // that may be `null` is an `Option<Vec<_>>`: missing or null, the page
    // has no items.
    let items_of = template::fill(
        if items_optional {
            &templates.optional_items
        } else {
            &templates.items
        },
        &[("__items_field", Fill::Ident(&items_field))],
    );
    let retry_safe = template::bool_literal(operation.retry_safe);

    let link_name = op.pageable.next_link_name.as_deref().unwrap_or("nextLink");
    let builder = format_ident!("{builder_name}");
    let LinkDocs {
        stream_doc,
        pages_doc,
    } = link_docs
        .entry(link_name.to_string())
        .or_insert_with(|| LinkDocs::of(link_name));

    // The holes every listing fills; a one-page listing adds its closure
    // and doc, one with next links those and its `Client` methods'.
    let mut holes = vec![
        ("__Builder", Fill::Ident(&builder)),
        ("__Page", Fill::Type(page)),
        ("__Item", Fill::Type(&item_type)),
        ("__operation_id", Fill::Expr(&operation.operation_id)),
        ("__retry_safe", Fill::Expr(&retry_safe)),
        ("__error_shapes", Fill::Expr(&operation.error_shapes)),
        ("__items_of", Fill::Expr(&items_of)),
    ];

    let Some(next_field) = next_field else {
        // `nextLinkName: null`: the list is always one page, and its docs
        // name no next link.
        let pages_doc = template::str_literal(
            "The single page of this listing, as a stream (the spec declares no \
             next-page link), for the same interface as other listings.",
        );
        let stream_doc = template::str_literal(
            "Every item of this listing's single page, in order (the spec declares no \
             next-page link). See [`Self::pages`] for the page itself.",
        );
        let no_next_link = template::fill(&templates.no_next_link, &[("__Page", Fill::Type(page))]);
        holes.extend([
            ("__next_link_of", Fill::Expr(&no_next_link)),
            ("__pages_doc", Fill::Expr(&pages_doc)),
            ("__stream_doc", Fill::Expr(&stream_doc)),
        ]);
        return Ok((None, template::fill(&templates.builder, &holes)));
    };
    holes.push(("__stream_doc", Fill::Expr(stream_doc)));

    let next_page = format_ident!("{method}_next_page");
    let pages_from_method = format_ident!("{method}_pages_from");
    let next_page_doc = template::str_literal(&format!(
        "Fetches one page of [`Client::{method}`] from `next_link`, the `{link_name}` of an \
         earlier page (a continuation token). The link must be on the client's endpoint \
         (same scheme, host and port), else nothing is sent and the call fails with \
         `Error::InvalidRequest`. Client-level parameters replace the link's own."
    ));
    let pages_from_doc = template::str_literal(&format!(
        "Every page of [`Client::{method}`] from `next_link` on: resumes a listing that \
         was stopped, from the `{link_name}` of its last page seen."
    ));
    let next_link_of = template::fill(
        &templates.next_link_of,
        &[
            ("__Page", Fill::Type(page)),
            ("__next_field", Fill::Ident(&next_field)),
        ],
    );
    holes.extend([
        ("__next_link_of", Fill::Expr(&next_link_of)),
        ("__pages_doc", Fill::Expr(pages_doc)),
        ("__next_page", Fill::Ident(&next_page)),
        ("__pages_from", Fill::Ident(&pages_from_method)),
        ("__next_page_doc", Fill::Expr(&next_page_doc)),
        ("__pages_from_doc", Fill::Expr(&pages_from_doc)),
    ]);
    let client_impl = template::fill(&templates.client, &holes);
    let builder_impl = template::fill(&templates.builder, &holes);
    Ok((Some(client_impl), builder_impl))
}

/// The items field, the item type, the next-link field of the page type,
/// and whether the items field is an `Option<Vec<_>>` (a nullable list).
fn page_fields(
    types: &TypesIndex<'_>,
    page_name: &str,
    op: &PageableOperation,
) -> Result<(syn::Ident, syn::Type, Option<syn::Ident>, bool), String> {
    let structs = types.structs.as_ref().ok_or("no `types` module")?;
    let fields = *structs
        .get(page_name)
        .ok_or_else(|| format!("no struct `types::{page_name}` for the page"))?;
    let field = |json: &str| {
        fields.iter().find(|f| match serde_rename(&f.attrs) {
            Some(rename) => rename == json,
            None => f.ident.as_ref().is_some_and(|i| i == json),
        })
    };
    let items = field(&op.pageable.item_name).ok_or_else(|| {
        format!(
            "page type `{page_name}` has no field for `{}`",
            op.pageable.item_name
        )
    })?;
    let not_a_vec = || format!("`{page_name}.{}` is not a Vec", op.pageable.item_name);
    let optional = last_segment_is(&items.ty, "Option");
    let list = if optional {
        first_generic(&items.ty).ok_or_else(not_a_vec)?
    } else {
        items.ty.clone()
    };
    if !last_segment_is(&list, "Vec") {
        return Err(not_a_vec());
    }
    let item_type = first_generic(&list).ok_or_else(not_a_vec)?;
    let next = match &op.pageable.next_link_name {
        None => None,
        Some(name) => Some(
            field(name)
                .and_then(|f| f.ident.clone())
                .ok_or_else(|| format!("page type `{page_name}` has no field for `{name}`"))?,
        ),
    };
    let mut item_type = item_type;
    QualifyTypes(&types.defined).visit_type_mut(&mut item_type);
    Ok((
        items.ident.clone().ok_or("tuple page struct")?,
        item_type,
        next,
        optional,
    ))
}

/// Whether `ty` is a path type whose last segment is `name` (`Vec`,
/// `::std::vec::Vec`, …).
fn last_segment_is(ty: &syn::Type, name: &str) -> bool {
    matches!(ty, syn::Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == name))
}

/// Names used inside `mod types` are bare (`Foo`); outside it they need the
/// module (`types::Foo`).
struct QualifyTypes<'a>(&'a HashSet<String>);

impl VisitMut for QualifyTypes<'_> {
    fn visit_type_path_mut(&mut self, ty: &mut syn::TypePath) {
        syn::visit_mut::visit_type_path_mut(self, ty);
        let bare =
            ty.qself.is_none() && ty.path.leading_colon.is_none() && ty.path.segments.len() == 1;
        if bare && self.0.contains(&ty.path.segments[0].ident.to_string()) {
            ty.path
                .segments
                .insert(0, syn::PathSegment::from(format_ident!("types")));
        }
    }
}
