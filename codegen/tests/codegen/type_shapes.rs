//! Issue #10's type shapes as normalization leaves them for progenitor:
//! named inline enums moved under components/schemas, discriminated unions
//! flattened into a `oneOf` of whole cases, and the plan the post-processing
//! follows. The generated code itself is in the snapshots, and its behaviour
//! on the wire in `tests/fixture-clients`.

use acs_chat_codegen::{Options, UnionPlan, check};
use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/specs")
            .join(name),
    )
    .unwrap()
}

fn schema<'a>(spec: &'a openapiv3::OpenAPI, name: &str) -> &'a Schema {
    spec.components.as_ref().unwrap().schemas[name]
        .as_item()
        .unwrap_or_else(|| panic!("{name} is a schema"))
}

fn properties(s: &Schema) -> Vec<&str> {
    match &s.schema_kind {
        SchemaKind::Type(Type::Object(o)) => o.properties.keys().map(String::as_str).collect(),
        other => panic!("an object: {other:?}"),
    }
}

#[test]
fn a_case_written_beside_properties_is_a_case_of_its_union() {
    // `type: object` + `allOf` + `properties`, as Swagger conversions write
    // it (openapiv3 reads it as `Any`, not `AllOf`).
    let model = acs_chat_codegen::model(
        &fixture("shape-discriminated-union.yaml"),
        &Options::new("x.yaml"),
    )
    .unwrap();
    let union = model
        .unions
        .iter()
        .find(|u| u.schema == "CleanupPolicy")
        .unwrap();
    let cases: Vec<_> = union
        .variants
        .iter()
        .map(|v| (v.schema.as_str(), v.value.clone().unwrap()))
        .collect();
    assert_eq!(
        cases,
        [
            ("AfterCreationCleanupPolicy", "afterCreation".to_string()),
            ("NeverCleanupPolicy", "never".to_string())
        ]
    );
}

#[test]
fn each_case_becomes_one_object_with_every_field_and_the_base_a_one_of() {
    let (spec, plan) = check(
        &fixture("shape-discriminated-union.yaml"),
        &Options::new("x.yaml"),
    )
    .unwrap();
    assert_eq!(
        plan.unions,
        [
            UnionPlan {
                schema: "CleanupPolicy".to_string(),
                property: "kind".to_string(),
                variants: vec![
                    (
                        "afterCreation".to_string(),
                        "AfterCreationCleanupPolicy".to_string()
                    ),
                    ("never".to_string(), "NeverCleanupPolicy".to_string()),
                ],
            },
            UnionPlan {
                schema: "ArchivePolicy".to_string(),
                property: "tier".to_string(),
                variants: vec![("cold".to_string(), "ColdArchivePolicy".to_string())],
            }
        ]
    );
    let after = schema(&spec, "AfterCreationCleanupPolicy");
    assert_eq!(properties(after), ["kind", "label", "afterDays"]);
    let SchemaKind::Type(Type::Object(o)) = &after.schema_kind else {
        unreachable!()
    };
    assert_eq!(o.required, ["kind", "afterDays"]);
    let ReferenceOr::Item(kind) = &o.properties["kind"] else {
        panic!("the tag is written out")
    };
    let SchemaKind::Type(Type::String(kind)) = &kind.schema_kind else {
        panic!("the tag is a string")
    };
    assert_eq!(kind.enumeration, [Some("afterCreation".to_string())]);
    assert_eq!(
        properties(schema(&spec, "NeverCleanupPolicy")),
        ["kind", "label"]
    );
    let base = schema(&spec, "CleanupPolicy");
    assert!(base.schema_data.discriminator.is_none());
    let SchemaKind::OneOf { one_of } = &base.schema_kind else {
        panic!("the base is a oneOf: {base:?}")
    };
    assert_eq!(one_of.len(), 2);
}

#[test]
fn named_inline_enums_move_under_components_and_open_ones_get_the_open_enum_pass() {
    let (spec, plan) = check(
        &fixture("shape-inline-ms-enum.yaml"),
        &Options::new("x.yaml"),
    )
    .unwrap();
    let names: Vec<_> = spec.components.as_ref().unwrap().schemas.keys().collect();
    assert_eq!(
        names,
        [
            "Shipment",
            "ShipmentState",
            "CarrierKind",
            "ShipmentPriority"
        ]
    );
    assert_eq!(plan.extensible_enums, ["ShipmentState", "ShipmentPriority"]);
    let SchemaKind::Type(Type::Object(shipment)) = &schema(&spec, "Shipment").schema_kind else {
        panic!("an object")
    };
    for (property, target) in [
        ("state", "ShipmentState"),
        ("carrier", "CarrierKind"),
        ("returnCarrier", "CarrierKind"),
    ] {
        assert_eq!(
            shipment.properties[property],
            ReferenceOr::Reference {
                reference: format!("#/components/schemas/{target}")
            },
            "{property}"
        );
    }
}

#[test]
fn an_inline_extensible_enum_with_a_name_is_no_longer_refused() {
    let spec = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /items:
    get:
      operationId: Items_List
      parameters:
        - name: color
          in: query
          schema:
            type: string
            enum: [red, green]
            x-ms-enum: {name: Color, modelAsString: true}
      responses:
        "204": {description: none}
"#;
    let out = acs_chat_codegen::generate(spec, &Options::new("x.yaml")).unwrap();
    assert!(out.contains("pub enum Color {"), "{out}");
    assert!(out.contains("UnknownValue(::std::string::String)"), "{out}");
}

#[test]
fn an_inline_enum_name_that_cannot_be_a_schema_key_is_refused() {
    let spec = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /items:
    get:
      operationId: Items_List
      parameters:
        - name: color
          in: query
          schema:
            type: string
            enum: [red, green]
            x-ms-enum: {name: "Colors/Old", modelAsString: true}
      responses:
        "204": {description: none}
"#;
    let err = acs_chat_codegen::generate(spec, &Options::new("x.yaml"))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("`x-ms-enum.name` `Colors/Old` does not give a Rust type name"),
        "{err}"
    );
}
