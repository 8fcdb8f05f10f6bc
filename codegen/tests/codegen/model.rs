//! The typed model of a spec (`acs_chat_codegen::model`): what it says about
//! the real spec, about the operation shapes of the full ACS Chat API
//! (issue 10), and that a malformed extension stays in it as a diagnostic.

use acs_chat_codegen::model::{Method, Model, ParameterIn, ParameterLocation, RetrySafety, Status};
use acs_chat_codegen::{Location, Options};

fn model_of(text: &str) -> Model {
    acs_chat_codegen::model(text, &Options::new("test.yaml")).expect("the spec loads")
}

fn real_spec() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../spec/acs-chat-read-receipts.yaml"
    );
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn the_real_spec_has_two_operations_one_pageable_and_a_client_api_version() {
    let model = model_of(&real_spec());
    assert!(model.diagnostics().is_empty(), "{:?}", model.diagnostics());
    let ids: Vec<_> = model
        .operations
        .iter()
        .map(|o| (o.method, o.method_name().unwrap()))
        .collect();
    assert_eq!(
        ids,
        [
            (Method::Get, "ListChatReadReceipts"),
            (Method::Post, "SendChatReadReceipt")
        ]
    );
    let [list, send] = &model.operations[..] else {
        unreachable!()
    };
    assert_eq!(send.path, "/chat/threads/{chatThreadId}/readReceipts");
    assert_eq!(
        send.request.as_ref().unwrap().media[0].media_type,
        "application/json"
    );
    assert!(list.request.is_none());

    let paging = list.pageable.as_ref().unwrap().as_ref().expect("pageable");
    assert_eq!(paging.item_name, "value");
    assert_eq!(paging.next_link_name.as_deref(), Some("nextLink"));
    assert_eq!(paging.item_required, Some(true));
    assert!(paging.page_schema.is_some());
    assert!(send.pageable.as_ref().unwrap().is_none());

    assert_eq!(model.client_parameters.len(), 1);
    let api = &model.client_parameters[0];
    assert_eq!(
        (api.name.as_str(), api.location),
        ("api-version", ParameterLocation::Query)
    );
    assert!(!api.default.is_empty());

    let path_param = list
        .parameters
        .iter()
        .find(|p| p.name == "chatThreadId")
        .unwrap();
    assert_eq!(path_param.location, ParameterIn::Path);
    assert_eq!(path_param.style, "simple");
    assert!(path_param.required && !path_param.explode);
    let page_size = list
        .parameters
        .iter()
        .find(|p| p.name == "maxPageSize")
        .unwrap();
    assert_eq!(
        (
            page_size.location,
            page_size.style.as_str(),
            page_size.explode
        ),
        (ParameterIn::Query, "form", true)
    );

    // Every error status has its schema; GET is safe to repeat.
    assert!(!send.errors.is_empty());
    assert!(
        send.errors
            .iter()
            .all(|e| e.body.iter().any(|b| b.schema_name.is_some()))
    );
    assert_eq!(list.retry, Ok(RetrySafety::IdempotentMethod));
    // Idempotent in practice (the service keeps the latest receipt per
    // user), and the spec says so with `x-acs-retryable: true`.
    assert_eq!(send.retry, Ok(RetrySafety::MarkedRetryable));
    assert!(send.is_retry_safe());
}

/// The shapes of issue 10, in one spec.
const SHAPES: &str = r##"
openapi: 3.0.3
info: {title: shapes, version: "1"}
paths:
  /threads/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string}}
    patch:
      operationId: Thread_Update
      requestBody:
        required: true
        content:
          application/merge-patch+json: {schema: {$ref: "#/components/schemas/Patch"}}
          application/json: {schema: {$ref: "#/components/schemas/Patch"}}
      responses:
        "200":
          description: ok
          headers:
            ETag: {schema: {type: string}}
          content:
            application/json: {schema: {$ref: "#/components/schemas/Patch"}}
        "204": {description: no content}
        default:
          description: error
          content:
            application/problem+json: {schema: {$ref: "#/components/schemas/Problem"}}
    post:
      operationId: Thread_Send
      parameters:
        - {name: repeatability-request-id, in: header, schema: {type: string}}
        - name: ids
          in: query
          style: form
          explode: false
          schema: {type: array, items: {type: string}}
      responses:
        "201": {description: created}
    delete:
      operationId: Thread_Delete
      x-acs-retryable: false
      responses:
        "204": {description: gone}
  /threads:
    get:
      operationId: Thread_List
      x-ms-pageable: {itemName: items, nextLinkName: next}
      responses:
        "200":
          description: page
          content:
            application/json: {schema: {$ref: "#/components/schemas/Page"}}
    post:
      operationId: Thread_Create
      responses:
        "201": {description: created}
    put:
      operationId: Thread_Replace
      responses:
        "200": {description: ok}
  /threads/marked:
    post:
      operationId: Thread_Marked
      x-acs-retryable: true
      responses:
        "200": {description: ok}
components:
  schemas:
    Patch:
      type: object
      properties:
        kind:
          type: string
          enum: [a, b]
          x-ms-enum: {name: PolicyKind, modelAsString: true}
    Problem: {type: object, properties: {title: {type: string}}}
    Page:
      type: object
      properties:
        items: {type: array, items: {type: string}}
        next: {type: string}
    Policy:
      type: object
      required: [kind]
      discriminator: {propertyName: kind}
      properties: {kind: {type: string}}
    DeleteAfter:
      allOf:
        - $ref: "#/components/schemas/Policy"
        - type: object
          properties: {days: {type: integer}}
      x-ms-discriminator-value: threadCreationDate
    Plain:
      allOf:
        - $ref: "#/components/schemas/Policy"
"##;

#[test]
fn issue_10_shapes_are_described() {
    let model = model_of(SHAPES);
    assert!(model.diagnostics().is_empty(), "{:?}", model.diagnostics());
    let op = |id: &str| {
        model
            .operations
            .iter()
            .find(|o| o.operation_id.as_deref() == Some(id))
            .unwrap()
    };

    // Two request media types with one schema; merge-patch is JSON.
    let update = op("Thread_Update");
    let media = &update.request.as_ref().unwrap().media;
    assert_eq!(media.len(), 2);
    assert!(media.iter().all(|m| m.is_json()));
    assert!(
        media
            .iter()
            .all(|m| m.schema_name.as_deref() == Some("Patch"))
    );
    // 200 with a body and a header beside 204 without.
    assert_eq!(update.success.len(), 2);
    assert_eq!(update.success[0].status, Status::Code(200));
    assert_eq!(update.success[0].headers, ["ETag"]);
    assert!(update.success[1].body.is_empty());
    // The error schema in another media type.
    assert_eq!(update.errors.len(), 1);
    assert_eq!(update.errors[0].status, Status::Default);
    assert_eq!(
        update.errors[0].body[0].media_type,
        "application/problem+json"
    );
    assert_eq!(
        update.errors[0].body[0].schema_name.as_deref(),
        Some("Problem")
    );
    // The path-level parameter is part of every operation of the path.
    assert!(update.parameters.iter().any(|p| p.name == "id"));
    assert_eq!(
        update.retry,
        Ok(RetrySafety::NotSafe),
        "PATCH without a marker"
    );

    let send = op("Thread_Send");
    let ids = send.parameters.iter().find(|p| p.name == "ids").unwrap();
    assert_eq!(
        (ids.style.as_str(), ids.explode, ids.is_array),
        ("form", false, true)
    );
    assert_eq!(send.retry, Ok(RetrySafety::RepeatabilityHeader));
    assert!(send.is_retry_safe());

    assert_eq!(op("Thread_Create").retry, Ok(RetrySafety::NotSafe));
    assert!(!op("Thread_Create").is_retry_safe());
    assert_eq!(op("Thread_Marked").retry, Ok(RetrySafety::MarkedRetryable));
    assert_eq!(
        op("Thread_Replace").retry,
        Ok(RetrySafety::IdempotentMethod)
    );
    assert_eq!(
        op("Thread_Delete").retry,
        Ok(RetrySafety::MarkedNotRetryable)
    );
    assert!(!op("Thread_Delete").is_retry_safe());
    assert!(op("Thread_Marked").is_retry_safe() && op("Thread_List").is_retry_safe());

    // The page's item property is optional here.
    let paging = op("Thread_List").pageable.clone().unwrap().unwrap();
    assert_eq!(
        (paging.item_name.as_str(), paging.next_link_name.as_deref()),
        ("items", Some("next"))
    );
    assert_eq!(paging.item_required, Some(false));
    assert_eq!(paging.page_schema.as_deref(), Some("Page"));

    // The inline extensible enum, with its name.
    assert_eq!(model.enums.len(), 1);
    let kind = &model.enums[0];
    assert_eq!(kind.at, "components.schemas.Patch.properties.kind");
    assert_eq!(kind.component, None);
    assert!(kind.is_extensible());
    assert_eq!(kind.name(), Some("PolicyKind"));
    assert_eq!(kind.values, [Some("a".into()), Some("b".into())]);

    // The discriminated union and its variants.
    assert_eq!(model.unions.len(), 1);
    let union = &model.unions[0];
    assert_eq!(
        (union.schema.as_str(), union.property.as_str()),
        ("Policy", "kind")
    );
    let variants: Vec<_> = union
        .variants
        .iter()
        .map(|v| (v.schema.as_str(), v.value.clone().unwrap()))
        .collect();
    assert_eq!(
        variants,
        [
            ("DeleteAfter", "threadCreationDate".to_string()),
            ("Plain", "Plain".to_string())
        ]
    );
}

/// A malformed extension is kept as a diagnostic at its place, never
/// dropped, and generation reports it.
#[test]
fn malformed_extensions_are_diagnostics() {
    let spec = SHAPES
        .replace(
            "x-ms-pageable: {itemName: items, nextLinkName: next}",
            "x-ms-pageable: {itemNmae: items}",
        )
        .replace("x-acs-retryable: true", "x-acs-retryable: sometimes")
        .replace(
            "x-ms-discriminator-value: threadCreationDate",
            "x-ms-discriminator-value: [1]",
        )
        .replace(
            "- {name: id, in: path, required: true, schema: {type: string}}",
            "- {name: id, in: path, required: true, schema: {type: string}, x-ms-parameter-location: everywhere}",
        );
    let model = model_of(&spec);
    let found: Vec<String> = model
        .diagnostics()
        .iter()
        .map(|d| match &d.location {
            Location::Path(p) => format!("{p}: {}", d.message),
            other => format!("{other:?}: {}", d.message),
        })
        .collect();
    let expect = [
        "paths./threads.get.x-ms-pageable: malformed `x-ms-pageable`",
        "paths./threads/marked.post.x-acs-retryable: malformed `x-acs-retryable`",
        "components.schemas.DeleteAfter.x-ms-discriminator-value: malformed `x-ms-discriminator-value`",
        "paths./threads/{id}.parameters.0: parameter `id`: `x-ms-parameter-location` must be",
    ];
    for e in expect {
        assert!(
            found.iter().any(|f| f.starts_with(e)),
            "missing `{e}` in {found:#?}"
        );
    }
    // The path-level parameter is reported once, not once per operation.
    assert_eq!(
        found
            .iter()
            .filter(|f| f.contains("x-ms-parameter-location"))
            .count(),
        1,
        "{found:#?}"
    );

    let err = acs_chat_codegen::generate(&spec, &Options::new("test.yaml")).unwrap_err();
    let text = err.to_string();
    for key in [
        "x-ms-pageable",
        "x-acs-retryable",
        "x-ms-discriminator-value",
        "x-ms-parameter-location",
    ] {
        assert!(text.contains(key), "`{key}` not reported:\n{text}");
    }
}
