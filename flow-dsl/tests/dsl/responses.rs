//! `FlowResponse`: status, `X-DF-Response-Type` and body of every response
//! kind, as plain `http` parts.

use bytes::Bytes;
use flow_dsl::prelude::*;
use flow_dsl::ResponseError;
use http::StatusCode;
use serde_json::{json, Value};

fn parts(response: FlowResponse) -> (StatusCode, Option<String>, Option<String>, Bytes) {
    let http: http::Response<Bytes> = response.into();
    let header = |name: &str| http.headers().get(name).map(|v| v.to_str().unwrap().to_owned());
    (http.status(), header("x-df-response-type"), header("content-type"), http.body().clone())
}

fn body_json(body: &Bytes) -> Value {
    serde_json::from_slice(body).expect("JSON body")
}

fn step() -> Step {
    Step::build(|s| {
        s.id("s").title("S");
    })
    .unwrap()
}

#[test]
fn step_response() {
    let (status, kind, content_type, body) = parts(FlowResponse::step(&step()));
    assert_eq!(
        (status, kind.as_deref(), content_type.as_deref()),
        (StatusCode::OK, Some("step"), Some("application/json"))
    );
    let back: Step = flow_model::parse_slice(&body).unwrap();
    assert_eq!(back, step());
}

#[test]
fn action_responses() {
    let action = Action::build(|a| {
        a.url("/next").data(json!({"a": 1}));
    })
    .unwrap();
    let (status, kind, _, body) = parts(FlowResponse::action(&action));
    assert_eq!((status, kind.as_deref()), (StatusCode::OK, Some("action")));
    assert_eq!(body_json(&body), json!({"action": {"url": "/next", "data": {"a": 1}}}));
    let built = ActionResponseBody::build(|b| {
        b.action_value(action.clone());
    })
    .unwrap();
    let (_, kind, _, same) = parts(FlowResponse::action_body(&built));
    assert_eq!((kind.as_deref(), &same), (Some("action"), &body));
    let (status, kind, _, legacy) = parts(FlowResponse::legacy_action(&action));
    assert_eq!((status, kind, &legacy), (StatusCode::OK, None, &body));
    let (_, kind, _, legacy) = parts(FlowResponse::legacy_action_body(&built));
    assert_eq!((kind, &legacy), (None, &body));
    assert_eq!(crate::lines(&ActionResponseBody::build(|_| {}).unwrap_err()), ["/action: required"]);
}

#[test]
fn exit_responses() {
    let (status, kind, _, body) = parts(FlowResponse::exit(json!({"done": true})));
    assert_eq!((status, kind.as_deref()), (StatusCode::OK, Some("exit")));
    assert_eq!(body_json(&body), json!({"done": true}));
    let (_, kind, content_type, body) = parts(FlowResponse::exit(Value::Null));
    assert_eq!((kind.as_deref(), content_type, body.len()), (Some("exit"), None, 0));

    let (status, kind, _, body) = parts(FlowResponse::legacy_exit(json!({"done": true})));
    assert_eq!((status, kind), (StatusCode::OK, None));
    // A 1.x client reads an exiting action without url: the flow ends with its result.
    let legacy: ActionResponseBody = flow_model::parse_slice(&body).unwrap();
    assert!(legacy.action.is_exit() && legacy.action.url.is_none());
    assert_eq!(legacy.action.result, Some(json!({"done": true})));
    let (_, _, _, body) = parts(FlowResponse::legacy_exit(Value::Null));
    assert_eq!(body_json(&body), json!({"action": {"exit": true}}));
}

#[test]
fn error_responses() {
    let body = ErrorResponseBody::build(|e| {
        e.error("Nope")
            .validation(json!({"amount": "Too much"}))
            .refresh_url("/refresh")
            .analytics("code", "E1");
    })
    .unwrap();
    let (status, kind, content_type, bytes) = parts(FlowResponse::error(&body));
    assert_eq!(
        (status, kind, content_type.as_deref()),
        (StatusCode::BAD_REQUEST, None, Some("application/json"))
    );
    assert_eq!(
        body_json(&bytes),
        json!({"error": "Nope", "validation": {"amount": "Too much"}, "refreshUrl": "/refresh",
               "analytics": {"code": "E1"}})
    );
    let unavailable = FlowResponse::error_with_status(StatusCode::SERVICE_UNAVAILABLE, &body).unwrap();
    assert_eq!(unavailable.status(), StatusCode::SERVICE_UNAVAILABLE);
    for status in [StatusCode::OK, StatusCode::NOT_MODIFIED, StatusCode::CONTINUE] {
        assert_eq!(
            FlowResponse::error_with_status(status, &body).unwrap_err(),
            ResponseError::NotAnErrorStatus { status: status.as_u16() }
        );
    }
}

#[test]
fn field_errors_refuse_to_overwrite_a_message() {
    let err = ErrorResponseBody::build(|e| {
        e.field_error(["card"], "Invalid card");
        e.field_error(["card", "number"], "Bad number");
        e.field_error(Vec::<String>::new(), "nowhere");
    })
    .unwrap_err();
    assert_eq!(
        crate::lines(&err),
        [
            "/validation/card: holds a message, not an object: cannot add a field error under it",
            "/validation: field_error needs a non-empty path"
        ]
    );
}

#[test]
fn modal_no_op_subflow_and_not_modified() {
    let modal = ModalResponseBody::build(|m| {
        m.title("Info").content(|l| {
            l.paragraph("Hi");
        });
    })
    .unwrap();
    let (status, kind, _, body) = parts(FlowResponse::modal(&modal));
    assert_eq!((status, kind.as_deref()), (StatusCode::OK, Some("modal")));
    assert_eq!(body_json(&body), json!({"title": "Info", "content": [{"type": "paragraph", "text": "Hi"}]}));

    let (status, kind, content_type, body) = parts(FlowResponse::no_op());
    assert_eq!((status, kind.as_deref(), content_type, body.len()), (StatusCode::OK, Some("no-op"), None, 0));
    let (status, kind, _, body) = parts(FlowResponse::legacy_no_op());
    assert_eq!((status, kind, body.len()), (StatusCode::OK, None, 0));

    let subflow = SubflowResponseBody::build(|s| {
        s.referrer_id("r").dynamic(|a| {
            a.url("/nested");
        });
    })
    .unwrap();
    let (_, kind, _, body) = parts(FlowResponse::subflow(&subflow));
    assert_eq!(kind.as_deref(), Some("subflow"));
    assert_eq!(
        body_json(&body),
        json!({"referrerId": "r", "launchConfig": {"type": "dynamic", "request": {"url": "/nested"}}})
    );

    let (status, kind, _, body) = parts(FlowResponse::not_modified());
    assert_eq!((status, kind, body.len()), (StatusCode::NOT_MODIFIED, None, 0));

    let (status, kind, _, body) = parts(FlowResponse::legacy_step(&step()));
    assert_eq!((status, kind), (StatusCode::OK, None));
    assert_eq!(body_json(&body)["id"], "s");
}

#[test]
fn etag_and_headers() {
    let response = FlowResponse::step(&step()).with_etag("v1").unwrap().with_etag("W/\"v2\"").unwrap();
    assert_eq!(response.headers()["etag"], "W/\"v2\"");
    let response = response.with_etag("\"v3\"").unwrap().with_header("Cache-Control", "no-store").unwrap();
    let pairs: Vec<(String, Vec<u8>)> =
        response.header_pairs().map(|(n, v)| (n.to_owned(), v.to_vec())).collect();
    assert!(pairs.contains(&("etag".to_owned(), b"\"v3\"".to_vec())));
    assert!(pairs.contains(&("cache-control".to_owned(), b"no-store".to_vec())));
    assert!(matches!(
        FlowResponse::no_op().with_etag("bad\nvalue"),
        Err(ResponseError::InvalidHeader { ref name, .. }) if name == "etag"
    ));
    assert!(matches!(
        FlowResponse::no_op().with_header("bad name", "x"),
        Err(ResponseError::InvalidHeader { ref name, .. }) if name == "bad name"
    ));
    let (head, body) = response.into_parts();
    assert_eq!(head.status, StatusCode::OK);
    assert_eq!(head.headers["x-df-response-type"], "step");
    assert!(!body.is_empty());
}

#[test]
fn search_response_body() {
    let body = SearchResponseBody::build(|r| {
        r.action("Jane").value(|a| {
            a.url("/pick/1");
        });
        r.search("More").description("Wider").value(json!({"query": "j"}));
        r.push(json!({"type": "suggestion", "text": "jan"}));
        r.extra("x-total", 3);
    })
    .unwrap();
    assert_eq!(
        crate::json_of(&body),
        json!({"results": [
            {"type": "action", "title": "Jane", "value": {"url": "/pick/1"}},
            {"type": "search", "title": "More", "description": "Wider", "value": {"query": "j"}},
            {"type": "suggestion", "text": "jan"}], "x-total": 3})
    );
    let err = SearchResponseBody::build(|r| {
        r.action("");
        r.action("No action");
        r.action("Bad").value(|a| {
            a.method("GET");
        });
    })
    .unwrap_err();
    assert_eq!(
        crate::lines(&err),
        [
            "/results/0/title: required",
            "/results/0/value: required",
            "/results/1/value: required",
            "/results/2/value/url: a non-exiting action needs a url"
        ]
    );
}
