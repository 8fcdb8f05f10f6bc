//! Client-level parameters (`x-ms-parameter-location: client`) become a
//! generated `ClientParameters` value: set once on the client, applied by the
//! runtime's request hook to every request, and so to every page of a paged
//! listing, where the client's value replaces whatever the `nextLink` carried.
//! Setters are also generated on the hand-written `ClientBuilder`, which keeps
//! its `ClientParameters` in a field named `parameters`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::normalize::{ClientParameter, ParameterLocation};

/// The items to add at the top level of the generated module.
pub fn items(parameters: &[ClientParameter]) -> Vec<syn::Item> {
    let fields: Vec<_> = parameters.iter().map(|p| ident(&p.rust_name)).collect();
    let defaults = parameters.iter().map(|p| &p.default);
    let accessors = parameters.iter().zip(&fields).map(|(p, field)| {
        let setter = format_ident!("set_{}", field.to_string().trim_end_matches('_'));
        let doc = doc(p);
        let default = &p.default;
        let set_doc = format!("Sets `{}`. See [`Self::{field}`].", p.name);
        let default_doc = format!("Default: `{default}`.");
        quote! {
            #doc
            #[doc = ""]
            #[doc = #default_doc]
            pub fn #field(&self) -> &str {
                &self.#field
            }
            #[doc = #set_doc]
            pub fn #setter(&mut self, value: impl Into<String>) -> &mut Self {
                self.#field = value.into();
                self
            }
        }
    });
    let builder_setters = parameters.iter().zip(&fields).map(|(p, field)| {
        let setter = format_ident!("set_{}", field.to_string().trim_end_matches('_'));
        let doc = doc(p);
        let default_doc = format!("Default: `{}`.", p.default);
        quote! {
            #doc
            #[doc = ""]
            #[doc = #default_doc]
            pub fn #field(mut self, value: impl Into<String>) -> Self {
                self.parameters.#setter(value);
                self
            }
        }
    });
    let query: Vec<TokenStream> = parameters
        .iter()
        .zip(&fields)
        .filter(|(p, _)| p.location == ParameterLocation::Query)
        .map(|(p, field)| {
            let name = &p.name;
            quote!((#name, self.#field.as_str()))
        })
        .collect();
    let headers = parameters
        .iter()
        .zip(&fields)
        .filter(|(p, _)| p.location == ParameterLocation::Header)
        .map(|(p, field)| {
            let name = p.name.to_ascii_lowercase();
            let message = format!("client parameter `{}` is not a valid header value", p.name);
            quote! {
                request.headers_mut().insert(
                    ::reqwest::header::HeaderName::from_static(#name),
                    ::reqwest::header::HeaderValue::from_str(&self.#field).map_err(|_| #message.to_string())?,
                );
            }
        });
    let apply_query = (!query.is_empty()).then(|| {
        quote! {
            replace_query_pairs(url, &[#(#query),*]);
        }
    });
    let replace_fn = (!query.is_empty()).then(|| {
        quote! {
            /// Sets each `(name, value)` in the query string, dropping any
            /// value the URL already had for that name and keeping the rest
            /// as it was written (re-encoding it would turn the literal
            /// delimiters of a `fields=a,b` or `codes=1|2` into `%2C`/`%7C`,
            /// which a server cannot tell from a delimiter inside a value).
            fn replace_query_pairs(url: &mut ::reqwest::Url, pairs: &[(&str, &str)]) {
                let mut query: Vec<String> = url
                    .query()
                    .unwrap_or_default()
                    .split('&')
                    .filter(|raw| !raw.is_empty())
                    .filter(|raw| {
                        let key = ::url::form_urlencoded::parse(raw.as_bytes())
                            .next()
                            .map(|(k, _)| k.into_owned())
                            .unwrap_or_default();
                        !pairs.iter().any(|(name, _)| key == *name)
                    })
                    .map(str::to_string)
                    .collect();
                query.extend(pairs.iter().map(|pair| {
                    ::url::form_urlencoded::Serializer::new(String::new())
                        .extend_pairs([pair])
                        .finish()
                }));
                url.set_query(Some(&query.join("&")));
            }
        }
    });

    let file: syn::File = syn::parse_quote! {
        /// Parameters that the spec marks client-level: set once on the
        /// client (see the `ClientBuilder` setters of the same names) and sent
        /// on every request, including each page of a paged listing.
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct ClientParameters {
            #(#fields: String,)*
        }

        impl Default for ClientParameters {
            /// The defaults from the spec.
            fn default() -> Self {
                Self {
                    #(#fields: #defaults.to_string(),)*
                }
            }
        }

        impl ClientParameters {
            #(#accessors)*

            /// Puts every client-level parameter on `request`, replacing
            /// any value already there.
            #[allow(unused_variables)]
            pub(crate) fn apply(&self, request: &mut ::reqwest::Request) -> Result<(), String> {
                self.apply_to_url(request.url_mut());
                #(#headers)*
                Ok(())
            }

            /// Sets the query-string parameters on `url`, replacing any
            /// value already there (as in a `nextLink`).
            #[allow(unused_variables)]
            pub(crate) fn apply_to_url(&self, url: &mut ::reqwest::Url) {
                #apply_query
            }
        }

        impl crate::ClientBuilder {
            #(#builder_setters)*
        }

        #replace_fn
    };
    file.items
}

fn doc(p: &ClientParameter) -> TokenStream {
    let text = match &p.description {
        Some(d) => format!("`{}`: {}", p.name, d.trim()),
        None => format!("`{}`.", p.name),
    };
    quote!(#[doc = #text])
}

/// A field name for a parameter: its snake_case name, with `_` appended when
/// that is a Rust keyword.
fn ident(name: &str) -> syn::Ident {
    syn::parse_str::<syn::Ident>(name).unwrap_or_else(|_| format_ident!("{name}_"))
}
