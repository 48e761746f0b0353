//! Invalid documents: parse errors name the JSON Pointer, line and column of
//! the problem; validation lists every problem at once, each at its path.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test code: a failed expectation is a test failure

use flow_model::{
    parse, ActionResponseBody, ErrorResponseBody, ModalResponseBody, ParseError, SearchResponseBody,
    Severity, Step, SubflowResponseBody, Validate,
};

fn parse_err<T: serde::de::DeserializeOwned + std::fmt::Debug>(json: &str) -> ParseError {
    parse::<T>(json).expect_err("must not parse")
}

fn assert_located(err: &ParseError, path: &str, line: usize, column: usize, message: &str) {
    assert_eq!((err.path.as_str(), err.line, err.column), (path, line, column), "{err}");
    assert!(err.message.contains(message), "{err}");
}

#[test]
fn type_mismatch_deep_in_a_layout_names_path_line_and_column() {
    let json = r#"{
  "id": "details",
  "title": "Details",
  "schemas": [],
  "layout": [
    {"type": "heading", "text": "Hello"},
    {"type": "box", "components": [
      {"type": "paragraph", "text": "Hi", "margin": 5}
    ]}
  ]
}"#;
    let err = parse_err::<Step>(json);
    assert_located(
        &err,
        "/layout/1/components/0/margin",
        8,
        53,
        "invalid type: integer `5`, expected a string",
    );
    assert_eq!(
        err.to_string(),
        "/layout/1/components/0/margin: invalid type: integer `5`, expected a string (line 8, column 53)"
    );
}

#[test]
fn polling_and_behavior_type_errors_are_located() {
    let err = parse_err::<Step>(r#"{"id": "a", "polling": {"url": "/s", "delay": "soon"}}"#);
    assert_located(&err, "/polling/delay", 1, 52, "expected i64");
    let err = parse_err::<Step>(
        r#"{"id": "a", "layout": [{"type": "button", "behavior": {"type": "action", "action": {"exit": "yes"}}}]}"#,
    );
    assert_located(&err, "/layout/0/behavior/action/exit", 1, 97, "expected a boolean");
    let err = parse_err::<Step>(
        "{\"id\": \"a\",\n \"polling\": {\"url\": \"/s\", \"delay\": 1, \"maxAttempts\": 3,\n  \"onError\": {\"action\": {\"url\": 7}}}}",
    );
    assert_located(&err, "/polling/onError/action/url", 3, 33, "expected a string");
}

#[test]
fn schema_errors_are_located() {
    let err = parse_err::<Step>(
        r#"{"id": "a", "schemas": [{"type": "object", "properties": {"name": {"type": "string", "title": 5}}}]}"#,
    );
    assert_located(&err, "/schemas/0/properties/name/title", 1, 95, "expected a string");
    // Kind-specific members are checked once the kind is known: reported at
    // the schema, the message naming the member.
    let err = parse_err::<Step>(r#"{"id": "a", "schemas": [{"minLength": "two", "type": "string"}]}"#);
    assert_located(&err, "/schemas/0", 1, 62, "minLength: invalid type: string \"two\", expected u64");
    let err = parse_err::<Step>(r#"{"id": "a", "schemas": [{"type": "array", "items": 5}]}"#);
    assert_located(&err, "/schemas/0/items", 1, 52, "expected a schema or an array of schemas");
}

#[test]
fn members_before_a_late_tag_are_named_in_the_message() {
    let err = parse_err::<Step>(r#"{"id": "a", "layout": [{"text": 5, "type": "paragraph"}]}"#);
    assert_located(&err, "/layout/0", 1, 55, "text: invalid type: integer `5`, expected a string");
}

#[test]
fn missing_required_members_of_small_objects_are_located() {
    let err = parse_err::<Step>(r#"{"id": "a", "linkHandlers": [{"action": {"url": "/x"}}]}"#);
    assert_located(&err, "/linkHandlers/0", 1, 54, "missing field `regexPattern`");
    let err = parse_err::<ActionResponseBody>(r#"{"actions": {}}"#);
    assert_located(&err, "", 1, 15, "missing field `action`");
}

#[test]
fn malformed_json_is_located() {
    let err = parse_err::<Step>("{\n  \"id\": \"a\",\n  \"layout\": [\n    {\"type\": \"divider\"},\n  ]\n}");
    assert_located(&err, "/layout", 5, 3, "trailing comma");
    let err = parse_err::<Step>("{\"id\": \"a\", \"layout\": [");
    assert_located(&err, "/layout", 1, 23, "EOF while parsing");
    let err = parse_err::<Step>(r#"{"id": "a"} {"id": "b"}"#);
    assert_located(&err, "", 1, 13, "trailing characters");
    let err = parse_err::<Step>("[]");
    assert_located(&err, "", 1, 1, "expected struct Step");
    let err = parse_err::<Step>("");
    assert_located(&err, "", 1, 1, "EOF while parsing");
}

#[test]
fn parse_slice_rejects_invalid_utf8_with_a_location() {
    let err = flow_model::parse_slice::<Step>(b"{\"id\": \"\xff\"}").expect_err("not UTF-8");
    assert_eq!(err.path.as_str(), "/id");
    assert!(err.message.contains("invalid unicode"), "{err}");
}

/// Every problem of a step with many, at once, as `path: severity: message`.
#[test]
fn validation_lists_every_problem_with_its_path() {
    let step: Step = parse(
        r##"{
      "title": "Broken",
      "schemas": [
        {"$id": "#a", "type": "object", "required": ["missing"], "displayOrder": ["ghost"], "properties": {
          "name": {"type": "string", "minLength": 5, "maxLength": 2, "pattern": "(unclosed"},
          "age": {"type": "integer", "minimum": 10, "maximum": 1, "default": 50},
          "tags": {"type": "array", "minItems": 3, "maxItems": 1},
          "pick": {"oneOf": []},
          "both": {"allOf": []},
          "photo": {"type": "string", "format": "base64url",
            "persistAsync": {"url": "", "param": "", "idProperty": "", "method": "P OST"}},
          "code": {"type": "string", "validationAsync": {"url": " "}, "refreshStepOnChange": true}
        }},
        {"$id": "#a", "type": "object", "properties": {}},
        {"type": "object", "properties": {}},
        {"type": "rainbow"}
      ],
      "layout": [
        {"type": "form", "schemaId": "#nope"},
        {"type": "form"},
        {"type": "button", "title": "Nothing"},
        {"type": "button", "title": "Both", "behavior": {"type": "action", "action": {"url": "/b"}}, "action": {"url": "/a"}},
        {"type": "decision", "options": [
          {"title": "No url", "behavior": {"type": "action", "action": {"method": "POST"}}},
          {"title": "Nothing"},
          {"title": "Link", "behavior": {"type": "link", "url": " "}},
          {"title": "Subflow", "behavior": {"type": "subflow", "launchConfig": {"type": "dynamic"}}}
        ]},
        {"type": "list", "items": [{"title": "a", "callToAction": {"title": "Go"}}],
          "callToAction": {"title": "More", "behavior": {"type": "teleport"}}},
        {"type": "review", "fields": [], "callToAction": {"title": "Edit", "action": {"url": ""}}},
        {"type": "box", "components": [
          {"type": "image"},
          {"type": "search", "title": "Find", "url": "", "param": ""},
          {"type": "modal", "trigger": {"title": "Open"}},
          {"type": "progress", "progress": 1.5},
          {"type": "media", "media": "not an object"},
          {"type": "alert", "markdown": "Hi", "callToAction": {"title": "x", "behavior": {"type": "modal", "content": []}}}
        ]}
      ],
      "polling": {"url": "", "maxAttempts": 0, "timeout": -1, "onError": {}},
      "linkHandlers": [
        {"regexPattern": "", "action": {"url": "/a"}},
        {"regexPattern": "^(open$", "action": {"exit": true}}
      ],
      "external": {"url": ""},
      "navigation": {"back": {"action": {"method": "GET"}}, "stackBehavior": "sideways"},
      "analytics": {"count": 3},
      "type": "final"
    }"##,
    )
    .expect("well-formed; the problems are for validation");
    let report = step.validate();
    let lines: Vec<String> = report.problems().iter().map(ToString::to_string).collect();
    let expected = [
        "/id: error: required",
        "/type: warning: pre-layout 1.x step type \"final\" beside a layout; only layout is rendered",
        "/schemas/0/required: error: names \"missing\", which is not in properties",
        "/schemas/0/displayOrder: warning: names \"ghost\", which is not in properties",
        "/schemas/0/properties/age/minimum: error: greater than maximum",
        "/schemas/0/properties/age/default: warning: outside minimum..maximum",
        "/schemas/0/properties/both/allOf: error: must not be empty",
        "/schemas/0/properties/code/validationAsync/url: error: required",
        "/schemas/0/properties/name/minLength: error: greater than maxLength",
        "/schemas/0/properties/name/pattern: error: not an ECMA-262 regular expression (Unbalanced parenthesis)",
        "/schemas/0/properties/photo/persistAsync/url: error: required",
        "/schemas/0/properties/photo/persistAsync/method: error: \"P OST\" is not an HTTP method",
        "/schemas/0/properties/photo/persistAsync/param: error: required",
        "/schemas/0/properties/photo/persistAsync/idProperty: error: required",
        "/schemas/0/properties/photo/persistAsync/schema: error: required",
        "/schemas/0/properties/pick/oneOf: error: must not be empty",
        "/schemas/0/properties/tags/minItems: error: greater than maxItems",
        "/schemas/0/properties/tags/items: error: required",
        "/schemas/0/properties/code/refreshStepOnChange: warning: has no effect: the step has no refreshUrl",
        "/schemas/1/$id: error: duplicate root schema $id \"#a\"",
        "/schemas/2/$id: warning: root schema has no $id, so no form can show it",
        "/schemas/3/$id: warning: root schema has no $id, so no form can show it",
        "/schemas/3: warning: unknown schema kind; kept as sent",
        "/layout/0/schemaId: error: no schema with $id \"#nope\" in /schemas",
        "/layout/1/schemaId: error: required",
        "/layout/2/behavior: error: required (or a 1.x action)",
        "/layout/3/action: warning: ignored: behavior is present and wins",
        "/layout/4/options/0/behavior/action/url: error: a non-exiting action needs a url",
        "/layout/4/options/1/behavior: error: required (or a 1.x action)",
        "/layout/4/options/2/behavior/url: error: required",
        "/layout/4/options/3/behavior/referrerId: error: required",
        "/layout/4/options/3/behavior/launchConfig/request: error: a dynamic launch config needs a request (an Action)",
        "/layout/5/items/0/callToAction/behavior: error: required (or a 1.x action)",
        "/layout/5/callToAction/behavior/type: warning: unknown behavior type \"teleport\"; does nothing",
        "/layout/6/callToAction/action/url: error: a non-exiting action needs a url",
        "/layout/7/components/0/url: error: required (or content)",
        "/layout/7/components/1/url: error: required",
        "/layout/7/components/1/param: error: required",
        "/layout/7/components/2/content: error: required",
        "/layout/7/components/3/progress: warning: outside 0..=1; clamped",
        "/layout/7/components/4/media: error: required: a Media object",
        "/layout/7/components/5/callToAction/behavior/content: warning: empty modal",
        "/external/url: error: required",
        "/polling/url: error: must not be empty",
        "/polling: error: needs delay or interval",
        "/polling/maxAttempts: error: must be at least 1",
        "/polling/timeout: warning: must be positive; ignored",
        "/polling/onError: error: needs behavior or action",
        "/linkHandlers/0/regexPattern: error: required",
        "/linkHandlers/1/regexPattern: error: not an ECMA-262 regular expression (Unbalanced parenthesis)",
        "/navigation/back/action/url: error: a non-exiting action needs a url",
        "/navigation/stackBehavior: warning: unknown value \"sideways\"; reads as \"default\"",
        "/analytics/count: warning: not a string; hosts may drop it",
    ];
    assert_eq!(lines, expected, "\n{report}");
    assert!(!report.is_valid());
    assert_eq!(report.errors().count() + report.warnings().count(), expected.len());
    assert!(report.problems().iter().any(|p| p.severity == Severity::Warning));
}

#[test]
fn response_bodies_validate_with_paths() {
    let body: ActionResponseBody = parse(r#"{"action": {"method": "GET"}}"#).expect("parses");
    let report = body.validate();
    assert!(report.find("/action/url", "a non-exiting action needs a url").is_some(), "{report}");

    let body: ErrorResponseBody = parse(r#"{"refreshUrl": "", "analytics": {"n": 1}}"#).expect("parses");
    let lines: Vec<String> = body.validate().problems().iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "/: warning: neither error nor validation; hosts show a generic error",
            "/refreshUrl: error: must not be empty",
            "/analytics/n: warning: not a string; hosts may drop it",
        ]
    );

    let body: ModalResponseBody = parse(
        r##"{"content": [{"type": "button", "title": "x"}, {"type": "form", "schemaId": "#elsewhere"}]}"##,
    )
    .expect("parses");
    let lines: Vec<String> = body.validate().problems().iter().map(ToString::to_string).collect();
    // A form in a modal may name the step's schemas, which are not known here.
    assert_eq!(lines, ["/content/0/behavior: error: required (or a 1.x action)"]);

    let body: SubflowResponseBody =
        parse(r#"{"referrerId": "", "launchConfig": {"type": "dynamic", "request": {"method": "G ET"}}, "onError": {"type": "link", "url": ""}}"#)
            .expect("parses");
    let lines: Vec<String> = body.validate().problems().iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "/referrerId: error: required",
            "/launchConfig/request/url: error: required",
            "/launchConfig/request/method: error: \"G ET\" is not an HTTP method",
            "/onError/url: error: required",
        ]
    );

    let body: SearchResponseBody = parse(
        r#"{"results": [{"type": "action", "title": "x", "value": {}}, {"type": "search", "title": "y"}, {"type": "z"}]}"#,
    )
    .expect("parses");
    let lines: Vec<String> = body.validate().problems().iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "/results/0/value/url: error: a non-exiting action needs a url",
            "/results/1/value: error: required: the follow-up query",
            "/results/2/type: warning: unknown search result type \"z\"; hosts may skip it",
        ]
    );
}
