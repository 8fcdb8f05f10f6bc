//! Client-level parameters (`x-ms-parameter-location: client`) become a
//! generated `ClientParameters` value: set once on the client, applied by the
//! runtime's request hook to every request, and so to every page of a paged
//! listing, where the client's value replaces whatever the `nextLink` carried.
//! Setters are also generated on the hand-written `ClientBuilder`, which keeps
//! its `ClientParameters` in a field named `parameters`.

use heck::ToPascalCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::normalize::{ClientParameter, ParameterLocation};
use crate::runtime_contract;

/// The items to add at the top level of the generated module;
/// `numeric_query` names the operations' query parameters typed as numbers
/// or booleans (whose values may be logged).
pub fn items(parameters: &[ClientParameter], numeric_query: &[String]) -> Vec<syn::Item> {
    let api = runtime_contract::api();
    let client_builder = runtime_contract::client_builder();
    let pipeline = runtime_contract::pipeline();
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
    let known_types: Vec<TokenStream> = parameters.iter().filter_map(known_values_type).collect();
    let builder_setters = parameters.iter().zip(&fields).map(|(p, field)| {
        let setter = format_ident!("set_{}", field.to_string().trim_end_matches('_'));
        let doc = doc(p);
        let default_doc = format!("Default: `{}`.", p.default);
        if p.known_values.is_empty() {
            quote! {
                #doc
                #[doc = ""]
                #[doc = #default_doc]
                pub fn #field(mut self, value: impl Into<String>) -> Self {
                    self.parameters_mut().#setter(value);
                    self
                }
            }
        } else {
            let ty = known_values_ident(p);
            let known_doc =
                format!("One of the [`{ty}`] constants, or any other string (`&str`, `String`).");
            quote! {
                #doc
                #[doc = ""]
                #[doc = #default_doc]
                #[doc = #known_doc]
                pub fn #field(mut self, value: impl Into<parameter_values::#ty>) -> Self {
                    self.parameters_mut().#setter(value.into().into_string());
                    self
                }
            }
        }
    });
    let client_getters = parameters.iter().zip(&fields).map(|(p, field)| {
        let doc = format!(
            "The `{}` this client sends: the one set on the builder, or the spec's default.",
            p.name
        );
        quote! {
            #[doc = #doc]
            pub fn #field(&self) -> &str {
                self.inner.parameters().#field()
            }
        }
    });
    let mut logged: Vec<String> = parameters
        .iter()
        .filter(|p| p.location == ParameterLocation::Query)
        .map(|p| p.name.clone())
        .chain(numeric_query.iter().cloned())
        .collect();
    logged.sort();
    logged.dedup();
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
        let replace = runtime_contract::replace_query_pairs();
        quote! {
            #replace(url, &[#(#query),*]);
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
        }

        impl #api for ClientParameters {
            type Client = Client;

            const LOGGED_QUERY: &'static [&'static str] = &[#(#logged),*];

            fn client(pipeline: #pipeline<Self>) -> Client {
                let endpoint = pipeline.endpoint().to_owned();
                let http = pipeline.http().clone();
                Client::new_with_client(&endpoint, http, pipeline)
            }

            #[allow(unused_variables)]
            fn apply(&self, request: &mut ::reqwest::Request) -> Result<(), String> {
                self.apply_to_url(request.url_mut());
                #(#headers)*
                Ok(())
            }

            #[allow(unused_variables)]
            fn apply_to_url(&self, url: &mut ::reqwest::Url) {
                #apply_query
            }
        }

        impl Client {
            /// Starts building a client for `endpoint`, the URL of the
            /// service, such as `https://contoso.westus.communications.azure.com`.
            pub fn builder(endpoint: impl Into<String>) -> #client_builder<ClientParameters> {
                #client_builder::new(endpoint)
            }

            /// The client-level parameters this client sends on every request.
            pub fn parameters(&self) -> &ClientParameters {
                self.inner.parameters()
            }

            /// The endpoint requests go to, without a trailing `/`.
            pub fn endpoint(&self) -> &str {
                self.inner.endpoint()
            }

            #(#client_getters)*
        }

        impl #client_builder<ClientParameters> {
            #(#builder_setters)*
        }

        /// Types for the client-level parameters whose spec lists known
        /// values (such as `ApiVersion`); empty when none does.
        pub mod parameter_values {
            #(#known_types)*
        }

    };
    file.items
}

/// The type of a client-level parameter with known values: its PascalCase
/// name, e.g. `ApiVersion`.
fn known_values_ident(p: &ClientParameter) -> syn::Ident {
    format_ident!("{}", p.rust_name.to_pascal_case())
}

/// A constant's name for a known value: `2025-03-15` → `V2025_03_15`,
/// `2024-03-15-preview` → `V2024_03_15_PREVIEW`.
fn known_value_const(value: &str) -> syn::Ident {
    let mut name: String = value
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name.insert(0, 'V');
    }
    format_ident!("{name}")
}

/// For a client-level parameter whose spec lists values (`enum` with
/// `x-ms-enum.modelAsString`): a string type with one constant per value,
/// which any other string converts into as well.
fn known_values_type(p: &ClientParameter) -> Option<TokenStream> {
    if p.known_values.is_empty() {
        return None;
    }
    let ty = known_values_ident(p);
    let consts = p.known_values.iter().map(|v| {
        let name = known_value_const(v);
        let doc = if *v == p.default {
            format!("`{v}` (the default)")
        } else {
            format!("`{v}`")
        };
        quote! {
            #[doc = #doc]
            pub const #name: #ty = #ty(::std::borrow::Cow::Borrowed(#v));
        }
    });
    let doc = format!(
        "A value of `{}`: the versions the spec lists as constants, and any other \
         string through `From<&str>` / `From<String>` (for a version newer than this crate).",
        p.name
    );
    Some(quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub struct #ty(::std::borrow::Cow<'static, str>);

        impl #ty {
            #(#consts)*

            /// The value as sent.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The value as sent.
            pub fn into_string(self) -> String {
                self.0.into_owned()
            }
        }

        impl ::std::fmt::Display for #ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl ::std::convert::AsRef<str> for #ty {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl ::std::convert::From<&str> for #ty {
            fn from(value: &str) -> Self {
                #ty(::std::borrow::Cow::Owned(value.to_string()))
            }
        }

        impl ::std::convert::From<String> for #ty {
            fn from(value: String) -> Self {
                #ty(::std::borrow::Cow::Owned(value))
            }
        }

        impl ::std::convert::From<&String> for #ty {
            fn from(value: &String) -> Self {
                #ty(::std::borrow::Cow::Owned(value.clone()))
            }
        }
    })
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

/// The query parameters of the generated operations whose values are
/// numbers or booleans (`Result<Option<i32>, String>` fields and the like in
/// a builder, sent with `QueryParam::new("name", &field)`): their values say
/// nothing about anyone, so the runtime may log them.
pub fn numeric_query(file: &syn::File) -> Vec<String> {
    use syn::visit::Visit;

    #[derive(Default)]
    struct Scan {
        field_types: Vec<(String, String)>,
        sent: Vec<(String, String)>,
    }
    impl<'ast> Visit<'ast> for Scan {
        fn visit_field(&mut self, f: &'ast syn::Field) {
            if let Some(name) = &f.ident {
                let ty = &f.ty;
                let text = quote!(#ty).to_string().replace(' ', "");
                self.field_types.push((name.to_string(), text));
            }
            syn::visit::visit_field(self, f);
        }
        fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
            if let syn::Expr::Path(p) = &*call.func
                && p.path.segments.len() >= 2
                && p.path
                    .segments
                    .iter()
                    .rev()
                    .nth(1)
                    .is_some_and(|s| s.ident == "QueryParam")
                && p.path.segments.last().is_some_and(|s| s.ident == "new")
                && let [syn::Expr::Lit(lit), value] = call.args.iter().collect::<Vec<_>>()[..]
                && let syn::Lit::Str(name) = &lit.lit
                && let syn::Expr::Reference(r) = value
                && let syn::Expr::Path(var) = &*r.expr
                && let Some(var) = var.path.get_ident()
            {
                self.sent.push((name.value(), var.to_string()));
            }
            syn::visit::visit_expr_call(self, call);
        }
    }
    const NUMERIC: &[&str] = &[
        "i8",
        "i16",
        "i32",
        "i64",
        "u8",
        "u16",
        "u32",
        "u64",
        "f32",
        "f64",
        "bool",
        "::std::num::NonZeroU64",
        "std::num::NonZeroU64",
    ];
    let is_numeric = |ty: &str| {
        NUMERIC.iter().any(|n| {
            ty == format!("Result<Option<{n}>,String>") || ty == format!("Result<{n},String>")
        })
    };
    let mut scan = Scan::default();
    scan.visit_file(file);
    let mut names: Vec<String> = scan
        .sent
        .iter()
        .filter(|(_, var)| {
            let types: Vec<&str> = scan
                .field_types
                .iter()
                .filter(|(f, _)| f == var)
                .map(|(_, t)| t.as_str())
                .collect();
            !types.is_empty() && types.iter().all(|t| is_numeric(t))
        })
        .map(|(name, _)| name.clone())
        .collect();
    names.sort();
    names.dedup();
    names
}
