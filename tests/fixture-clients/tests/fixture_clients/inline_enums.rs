//! Inline enums named by `x-ms-enum.name` (`shape-inline-ms-enum.yaml`) on
//! the wire, through the generated client: each is a type of that name; an
//! open one keeps a value it does not know, in a body and in a query.

use acs_chat_fixture_clients::RetryOptions;
use acs_chat_fixture_clients::shape_inline_ms_enum::Client;
use acs_chat_fixture_clients::shape_inline_ms_enum::types::{
    CarrierKind, Shipment, ShipmentPriority, ShipmentState,
};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn an_open_inline_enum_keeps_an_unknown_value_in_a_body_and_a_query() {
    let server = MockServer::start().await;
    let body = r#"{"id":"s1","state":"lost","carrier":"courier"}"#;
    Mock::given(method("GET"))
        .and(path("/shipments"))
        .and(query_param("priority", "urgent"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder(server.uri())
        .token("test-token")
        .retry(RetryOptions::none())
        .build()
        .unwrap();
    let got: Shipment = client
        .get_shipment()
        .priority(ShipmentPriority::from("urgent"))
        .send()
        .await
        .expect("200 decodes")
        .into_inner();
    assert_eq!(got.id, "s1");
    assert_eq!(got.state, ShipmentState::UnknownValue("lost".to_string()));
    assert_eq!(got.state.as_str(), "lost");
    assert_eq!(got.carrier, Some(CarrierKind::Courier));
    assert_eq!(
        serde_json::to_string(&got).unwrap(),
        r#"{"carrier":"courier","id":"s1","state":"lost"}"#
    );
}

#[test]
fn known_values_of_an_open_inline_enum_are_its_variants() {
    let state: ShipmentState = serde_json::from_str(r#""inTransit""#).unwrap();
    assert_eq!(state, ShipmentState::InTransit);
    assert_eq!(
        serde_json::to_string(&ShipmentPriority::High).unwrap(),
        r#""high""#
    );
}

#[test]
fn one_name_in_two_spellings_is_one_type() {
    let shipment: Shipment =
        serde_json::from_str(r#"{"id":"s1","state":"pending","returnCarrier":"post"}"#).unwrap();
    let carrier: Option<CarrierKind> = shipment.return_carrier;
    assert_eq!(carrier, Some(CarrierKind::Post));
}

#[test]
fn a_closed_inline_enum_refuses_a_value_it_does_not_list() {
    // `modelAsString: false`: the list is the contract.
    let err = serde_json::from_str::<CarrierKind>(r#""drone""#).unwrap_err();
    assert!(err.to_string().contains("drone"), "{err}");
}
