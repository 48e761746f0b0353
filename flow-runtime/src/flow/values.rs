//! Client-side validation of the values a step submits, against the step's
//! schemas: `required`, `minimum`/`maximum`, `minLength`/`maxLength`,
//! `pattern`, `minItems`/`maxItems`, `const` and `oneOf`, with field-level
//! messages (the schema's `validationMessages` when it has one for the rule).
//!
//! Rules, where the spec is silent:
//!
//! * Every root schema is checked against the whole submitted value (roots
//!   are merged into one model).
//! * A value that is absent, `null` or `""` is *empty*: only `required`
//!   applies to it; every other rule applies to present values of the
//!   matching JSON type (a number is not checked against `minLength`).
//! * Schemas marked `hidden` or `disabled` are not checked: the user cannot
//!   fix them.
//! * `pattern` is an unanchored ECMA-262 regular expression (JSON Schema
//!   semantics, compiled by [`flow_model::Pattern`]: look-around and
//!   back-references work); a pattern that does not compile is ignored
//!   (and logged).
//! * `oneOf`: when every alternative is a `const`, the value must equal one
//!   of them; otherwise it must satisfy at least one alternative, and when it
//!   satisfies none the problems of the closest one (fewest problems) are
//!   reported.
//! * A `validationMessages` entry is looked up by the rule's keyword; for
//!   `required`, the missing property's schema is asked first, then the
//!   object's.

use std::collections::HashMap;
use std::fmt;

use flow_model::Pattern;
use serde_json::{Map, Value};

use flow_model::schema::{ArraySchema, NumberSchema, ObjectSchema, OneOfSchema, StringSchema};
use flow_model::{Extra, Pointer, Schema};

/// The rule a value broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Rule {
    /// `required`: a required property is empty.
    Required,
    /// `minimum`.
    Minimum,
    /// `maximum`.
    Maximum,
    /// `minLength` (in characters).
    MinLength,
    /// `maxLength` (in characters).
    MaxLength,
    /// `pattern`.
    Pattern,
    /// `minItems`.
    MinItems,
    /// `maxItems`.
    MaxItems,
    /// `const`: the value is not the constant.
    Const,
    /// `oneOf`: the value is none of the options.
    OneOf,
}

impl Rule {
    /// The JSON Schema keyword (also the `validationMessages` key).
    pub fn keyword(self) -> &'static str {
        match self {
            Rule::Required => "required",
            Rule::Minimum => "minimum",
            Rule::Maximum => "maximum",
            Rule::MinLength => "minLength",
            Rule::MaxLength => "maxLength",
            Rule::Pattern => "pattern",
            Rule::MinItems => "minItems",
            Rule::MaxItems => "maxItems",
            Rule::Const => "const",
            Rule::OneOf => "oneOf",
        }
    }
}

impl serde::Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.keyword())
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.keyword())
    }
}

/// One field that failed validation.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FieldError {
    /// Where, as a JSON Pointer into the submitted values (`/address/city`).
    pub path: Pointer,
    /// The rule that failed.
    pub rule: Rule,
    /// The message to show (the schema's `validationMessages`, else a default).
    pub message: String,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.as_str().is_empty() { "/" } else { self.path.as_str() };
        write!(f, "{path}: {} ({})", self.message, self.rule)
    }
}

/// The result of validating a step's values.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct ValuesReport {
    /// Every failing field, in schema order.
    pub fields: Vec<FieldError>,
    /// The same messages shaped like the model (`{"address": {"city": "Required"}}`),
    /// as a server's `validation` would be; array items are keyed by index.
    pub validation: Value,
}

impl ValuesReport {
    /// Whether the values passed.
    pub fn is_valid(&self) -> bool {
        self.fields.is_empty()
    }
}

/// Validates `values` against every root schema of a step (compiling the
/// patterns each time; a [`Validator`] compiles them once).
///
/// ```
/// use serde_json::json;
/// use flow_model::Schema;
/// use flow_runtime::flow::values::{validate, Rule};
///
/// let schema: Schema = serde_json::from_value(json!({
///     "$id": "amount", "type": "object", "required": ["amount"],
///     "properties": {"amount": {"type": "number", "minimum": 1,
///                               "validationMessages": {"minimum": "At least 1, please"}}}
/// }))?;
/// let report = validate(std::slice::from_ref(&schema), &json!({"amount": 0}));
/// assert_eq!(report.fields[0].rule, Rule::Minimum);
/// assert_eq!(report.validation, json!({"amount": "At least 1, please"}));
/// assert!(validate(&[schema], &json!({"amount": 5})).is_valid());
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn validate(schemas: &[Schema], values: &Value) -> ValuesReport {
    Validator::new(schemas).validate(values)
}

/// A step's schemas with their `pattern`s compiled, to validate its values
/// any number of times.
///
/// ```
/// use serde_json::json;
/// use flow_runtime::flow::values::Validator;
///
/// let schemas: Vec<flow_model::Schema> = serde_json::from_value(json!([{"type": "object", "properties": {
///     "email": {"type": "string", "pattern": "^[^@]+@[^@]+$"}}}]))?;
/// let validator = Validator::new(&schemas);
/// assert!(validator.validate(&json!({"email": "ada@example.com"})).is_valid());
/// assert!(!validator.validate(&json!({"email": "ada"})).is_valid());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Validator {
    schemas: Vec<Schema>,
    patterns: HashMap<String, Option<Pattern>>,
}

impl Validator {
    /// Compiles the patterns of `schemas` (a pattern that does not compile
    /// is logged and ignored).
    pub fn new(schemas: &[Schema]) -> Self {
        Self::build(schemas, None)
    }

    /// Like [`Validator::new`], taking the patterns `previous` already
    /// compiled (a refreshed or next step usually repeats them).
    pub fn reusing(schemas: &[Schema], previous: &Validator) -> Self {
        Self::build(schemas, Some(previous))
    }

    fn build(schemas: &[Schema], previous: Option<&Validator>) -> Self {
        let mut patterns = HashMap::new();
        let mut pending: Vec<&Schema> = schemas.iter().collect();
        while let Some(schema) = pending.pop() {
            if let Schema::String(StringSchema { pattern: Some(pattern), .. }) = schema {
                if !patterns.contains_key(pattern) {
                    let compiled = match previous.and_then(|p| p.patterns.get(pattern)) {
                        Some(known) => known.clone(),
                        None => compile(pattern),
                    };
                    patterns.insert(pattern.clone(), compiled);
                }
            }
            pending.extend(schema.children().into_iter().map(|(_, child)| child));
        }
        Validator { schemas: schemas.to_vec(), patterns }
    }

    /// Validates `values` against every root schema.
    pub fn validate(&self, values: &Value) -> ValuesReport {
        let mut out = Collector { found: Vec::new(), patterns: &self.patterns };
        let mut path = Vec::new();
        for schema in &self.schemas {
            check(schema, Some(values), &mut path, &mut out);
        }
        let mut validation = Value::Null;
        for (segments, error) in &out.found {
            insert(&mut validation, segments, &error.message);
        }
        ValuesReport { fields: out.found.into_iter().map(|(_, e)| e).collect(), validation }
    }
}

fn compile(pattern: &str) -> Option<Pattern> {
    match Pattern::new(pattern) {
        Ok(regex) => Some(regex),
        Err(error) => {
            tracing::warn!(%pattern, %error, "schema pattern does not compile; ignored");
            None
        }
    }
}

struct Collector<'p> {
    found: Vec<(Vec<String>, FieldError)>,
    patterns: &'p HashMap<String, Option<Pattern>>,
}

impl Collector<'_> {
    fn push(&mut self, path: &[String], rule: Rule, message: String) {
        let pointer = path.iter().fold(Pointer::root(), |p, s| p.key(s));
        self.found.push((path.to_vec(), FieldError { path: pointer, rule, message }));
    }
}

/// Puts `message` at `segments` in a model-shaped tree (first message wins).
fn insert(tree: &mut Value, segments: &[String], message: &str) {
    let Some((first, rest)) = segments.split_first() else {
        if tree.is_null() {
            *tree = Value::String(message.to_owned());
        }
        return;
    };
    if !tree.is_object() {
        if !tree.is_null() {
            return; // a message already sits at a parent
        }
        *tree = Value::Object(Map::new());
    }
    if let Value::Object(map) = tree {
        insert(map.entry(first.clone()).or_insert(Value::Null), rest, message);
    }
}

fn is_blank(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.is_empty(),
        Some(_) => false,
    }
}

struct Common<'a> {
    skip: bool,
    messages: Option<&'a Extra>,
}

fn common(schema: &Schema) -> Common<'_> {
    macro_rules! of {
        ($s:expr) => {
            Common {
                skip: $s.hidden == Some(true) || $s.disabled == Some(true),
                messages: $s.validation_messages.as_ref(),
            }
        };
    }
    match schema {
        Schema::Object(s) => of!(s),
        Schema::Array(s) => of!(s),
        Schema::String(s) => of!(s),
        Schema::Number(s) | Schema::Integer(s) => of!(s),
        Schema::Boolean(s) => of!(s),
        Schema::Blob(s) => of!(s),
        Schema::OneOf(s) => of!(s),
        Schema::AllOf(s) => of!(s),
        Schema::Const(s) => of!(s),
        _ => Common { skip: false, messages: None },
    }
}

fn message(messages: Option<&Extra>, rule: Rule, default: impl FnOnce() -> String) -> String {
    messages.and_then(|m| m.get(rule.keyword())).and_then(Value::as_str).map_or_else(default, str::to_owned)
}

/// The message a broken `rule` shows: the schema's `validationMessages`
/// entry for it, else the default text for the rule and its `limit` (the
/// one place both the whole-step check and [`schema_rules`] take it from).
fn rule_message(messages: Option<&Extra>, rule: Rule, limit: &Value) -> String {
    message(messages, rule, || match rule {
        Rule::Required => "Required".to_owned(),
        Rule::Minimum => format!("Must be at least {limit}"),
        Rule::Maximum => format!("Must be at most {limit}"),
        Rule::MinLength => format!("Must be at least {limit} characters"),
        Rule::MaxLength => format!("Must be at most {limit} characters"),
        Rule::Pattern => "Invalid format".to_owned(),
        Rule::MinItems => format!("Choose at least {limit}"),
        Rule::MaxItems => format!("Choose at most {limit}"),
        Rule::Const => format!("Must be {limit}"),
        Rule::OneOf => "Choose one of the options".to_owned(),
    })
}

/// One rule a schema sets on its own value, with the message its failure
/// shows (the same message [`validate`] reports).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SchemaRule {
    /// The rule (serialized as its keyword: `minLength`, `pattern`…).
    pub rule: Rule,
    /// Its limit as sent: the number of `minLength`, the `pattern` text…
    pub limit: Value,
    /// The message a value that breaks it gets.
    pub message: String,
}

/// The rules `schema` sets on its own value (`minLength`, `maxLength`,
/// `pattern`, `minimum`, `maximum`, `minItems`, `maxItems`), in that
/// order, each with its message. `required` belongs to the parent object:
/// see [`required_message`]. A `hidden` or `disabled` schema is not
/// checked, so it has none.
///
/// ```
/// use serde_json::json;
/// use flow_runtime::flow::values::{schema_rules, Rule};
///
/// let schema: flow_model::Schema = serde_json::from_value(json!({
///     "type": "string", "minLength": 2, "pattern": "^[A-Z]",
///     "validationMessages": {"pattern": "Start with a capital"}
/// }))?;
/// let rules = schema_rules(&schema);
/// assert_eq!(rules[0].rule, Rule::MinLength);
/// assert_eq!(rules[0].message, "Must be at least 2 characters");
/// assert_eq!(rules[1].message, "Start with a capital");
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn schema_rules(schema: &Schema) -> Vec<SchemaRule> {
    let info = common(schema);
    if info.skip {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut push = |rule: Rule, limit: Value| {
        let message = rule_message(info.messages, rule, &limit);
        out.push(SchemaRule { rule, limit, message });
    };
    match schema {
        Schema::String(s) => {
            if let Some(min) = s.min_length {
                push(Rule::MinLength, Value::from(min));
            }
            if let Some(max) = s.max_length {
                push(Rule::MaxLength, Value::from(max));
            }
            if let Some(pattern) = &s.pattern {
                push(Rule::Pattern, Value::String(pattern.clone()));
            }
        }
        Schema::Number(n) | Schema::Integer(n) => {
            if let Some(min) = &n.minimum {
                push(Rule::Minimum, Value::Number(min.clone()));
            }
            if let Some(max) = &n.maximum {
                push(Rule::Maximum, Value::Number(max.clone()));
            }
        }
        Schema::Array(a) => {
            if let Some(min) = a.min_items {
                push(Rule::MinItems, Value::from(min));
            }
            if let Some(max) = a.max_items {
                push(Rule::MaxItems, Value::from(max));
            }
        }
        _ => {}
    }
    out
}

/// The message an empty required property `name` of `object` gets: the
/// property's own `validationMessages.required`, else the object's, else
/// `Required` (as [`validate`] reports it).
///
/// ```
/// use serde_json::json;
/// use flow_model::Schema;
/// use flow_runtime::flow::values::required_message;
///
/// let Schema::Object(object) = serde_json::from_value(json!({"type": "object", "required": ["a", "b"],
///     "properties": {"a": {"type": "string", "validationMessages": {"required": "Tell us a"}},
///                    "b": {"type": "string"}}}))? else { unreachable!() };
/// assert_eq!(required_message(&object, "a"), "Tell us a");
/// assert_eq!(required_message(&object, "b"), "Required");
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn required_message(object: &ObjectSchema, name: &str) -> String {
    let own = object.properties.get(name).and_then(|p| common(p).messages);
    message(own, Rule::Required, || {
        rule_message(object.validation_messages.as_ref(), Rule::Required, &Value::Null)
    })
}

fn check(schema: &Schema, value: Option<&Value>, path: &mut Vec<String>, out: &mut Collector) {
    let info = common(schema);
    if info.skip {
        return;
    }
    match schema {
        Schema::Object(object) => check_object(object, value, path, out),
        Schema::AllOf(all) => {
            for part in &all.all_of {
                check(part, value, path, out);
            }
        }
        Schema::OneOf(one) => check_one_of(one, info.messages, value, path, out),
        Schema::Const(c) => {
            if let Some(v) = value.filter(|v| !is_blank(Some(v))) {
                if *v != c.value {
                    out.push(path, Rule::Const, rule_message(info.messages, Rule::Const, &c.value));
                }
            }
        }
        Schema::String(s) => {
            if let Some(Value::String(text)) = value {
                if !text.is_empty() {
                    check_string(s, info.messages, text, path, out);
                }
            }
        }
        Schema::Number(n) | Schema::Integer(n) => {
            if let Some(number) = value.and_then(Value::as_f64) {
                check_number(n, info.messages, number, path, out);
            }
        }
        Schema::Array(a) => {
            if let Some(Value::Array(items)) = value {
                check_array(a, info.messages, items, path, out);
            }
        }
        _ => {}
    }
}

fn check_object(object: &ObjectSchema, value: Option<&Value>, path: &mut Vec<String>, out: &mut Collector) {
    let map = value.and_then(Value::as_object);
    for name in object.required.iter().flatten() {
        let property = object.properties.get(name);
        if property.is_some_and(|p| common(p).skip) {
            continue;
        }
        if is_blank(map.and_then(|m| m.get(name))) {
            let text = required_message(object, name);
            path.push(name.clone());
            out.push(path, Rule::Required, text);
            path.pop();
        }
    }
    let Some(map) = map else { return };
    for (name, property) in &object.properties {
        let child = map.get(name);
        if is_blank(child) {
            continue;
        }
        path.push(name.clone());
        check(property, child, path, out);
        path.pop();
    }
}

fn check_one_of(
    one: &OneOfSchema,
    messages: Option<&Extra>,
    value: Option<&Value>,
    path: &mut Vec<String>,
    out: &mut Collector,
) {
    if is_blank(value) || one.one_of.is_empty() {
        return;
    }
    let consts: Option<Vec<&Value>> = one
        .one_of
        .iter()
        .map(|alt| match alt {
            Schema::Const(c) => Some(&c.value),
            _ => None,
        })
        .collect();
    if let Some(consts) = consts {
        if !consts.iter().any(|c| Some(*c) == value) {
            out.push(path, Rule::OneOf, rule_message(messages, Rule::OneOf, &Value::Null));
        }
        return;
    }
    let mut closest: Option<Collector<'_>> = None;
    for alternative in &one.one_of {
        let mut trial = Collector { found: Vec::new(), patterns: out.patterns };
        check(alternative, value, path, &mut trial);
        if trial.found.is_empty() {
            return;
        }
        if closest.as_ref().is_none_or(|c| trial.found.len() < c.found.len()) {
            closest = Some(trial);
        }
    }
    if let Some(closest) = closest {
        out.found.extend(closest.found);
    }
}

fn check_string(
    s: &StringSchema,
    messages: Option<&Extra>,
    text: &str,
    path: &[String],
    out: &mut Collector,
) {
    let length = text.chars().count() as u64;
    if let Some(min) = s.min_length.filter(|min| length < *min) {
        out.push(path, Rule::MinLength, rule_message(messages, Rule::MinLength, &Value::from(min)));
    }
    if let Some(max) = s.max_length.filter(|max| length > *max) {
        out.push(path, Rule::MaxLength, rule_message(messages, Rule::MaxLength, &Value::from(max)));
    }
    let regex = s.pattern.as_ref().and_then(|p| out.patterns.get(p)).and_then(Option::as_ref);
    if regex.is_some_and(|regex| !regex.is_match(text)) {
        out.push(path, Rule::Pattern, rule_message(messages, Rule::Pattern, &Value::Null));
    }
}

fn check_number(
    n: &NumberSchema,
    messages: Option<&Extra>,
    number: f64,
    path: &[String],
    out: &mut Collector,
) {
    if let Some(min) = n.minimum.as_ref().filter(|m| m.as_f64().is_some_and(|m| number < m)) {
        out.push(path, Rule::Minimum, rule_message(messages, Rule::Minimum, &Value::Number(min.clone())));
    }
    if let Some(max) = n.maximum.as_ref().filter(|m| m.as_f64().is_some_and(|m| number > m)) {
        out.push(path, Rule::Maximum, rule_message(messages, Rule::Maximum, &Value::Number(max.clone())));
    }
}

fn check_array(
    a: &ArraySchema,
    messages: Option<&Extra>,
    items: &[Value],
    path: &mut Vec<String>,
    out: &mut Collector,
) {
    let count = items.len() as u64;
    if let Some(min) = a.min_items.filter(|min| count < *min) {
        out.push(path, Rule::MinItems, rule_message(messages, Rule::MinItems, &Value::from(min)));
    }
    if let Some(max) = a.max_items.filter(|max| count > *max) {
        out.push(path, Rule::MaxItems, rule_message(messages, Rule::MaxItems, &Value::from(max)));
    }
    if let Some(item_schema) = &a.items {
        for (i, item) in items.iter().enumerate() {
            if is_blank(Some(item)) {
                continue;
            }
            path.push(i.to_string());
            check(item_schema, Some(item), path, out);
            path.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn schemas(value: Value) -> Vec<Schema> {
        serde_json::from_value(value).unwrap()
    }

    fn rules(report: &ValuesReport) -> Vec<(String, Rule)> {
        report.fields.iter().map(|f| (f.path.to_string(), f.rule)).collect()
    }

    fn person() -> Vec<Schema> {
        schemas(json!([{
            "$id": "person", "type": "object", "required": ["name", "age"],
            "properties": {
                "name": {"type": "string", "minLength": 2, "maxLength": 5, "pattern": "^[A-Z]"},
                "age": {"type": "integer", "minimum": 18, "maximum": 99,
                        "validationMessages": {"required": "Tell us your age", "minimum": "Too young"}},
                "nick": {"type": "string", "minLength": 3}
            }
        }]))
    }

    #[test]
    fn valid_values_pass() {
        let report = validate(&person(), &json!({"name": "Ada", "age": 36}));
        assert!(report.is_valid(), "{report:?}");
        assert_eq!(report.validation, Value::Null);
    }

    #[test]
    fn required_uses_the_property_message_then_a_default() {
        let report = validate(&person(), &json!({"name": ""}));
        assert_eq!(rules(&report), [("/name".into(), Rule::Required), ("/age".into(), Rule::Required)]);
        assert_eq!(report.validation, json!({"name": "Required", "age": "Tell us your age"}));
        // Null and a non-object value count as missing.
        assert_eq!(validate(&person(), &json!({"name": null, "age": 20})).fields.len(), 1);
        assert_eq!(validate(&person(), &Value::Null).fields.len(), 2);
    }

    #[test]
    fn object_level_required_message_is_the_fallback() {
        let s =
            schemas(json!([{"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}},
                                 "validationMessages": {"required": "Fill everything in"}}]));
        assert_eq!(validate(&s, &json!({})).fields[0].message, "Fill everything in");
    }

    #[test]
    fn lengths_and_patterns() {
        let report = validate(&person(), &json!({"name": "a", "age": 20}));
        assert_eq!(rules(&report), [("/name".into(), Rule::MinLength), ("/name".into(), Rule::Pattern)]);
        assert_eq!(report.fields[0].message, "Must be at least 2 characters");
        assert_eq!(report.fields[1].message, "Invalid format");
        // First message per field in the model-shaped tree.
        assert_eq!(report.validation, json!({"name": "Must be at least 2 characters"}));
        let report = validate(&person(), &json!({"name": "Adalovelace", "age": 20}));
        assert_eq!(rules(&report), [("/name".into(), Rule::MaxLength)]);
        // Length counts characters, not bytes.
        assert!(validate(&person(), &json!({"name": "Aéééé", "age": 20})).is_valid());
        // Optional fields are only checked when filled in.
        assert_eq!(
            rules(&validate(&person(), &json!({"name": "Ada", "age": 20, "nick": "x"}))),
            [("/nick".into(), Rule::MinLength)]
        );
        assert!(validate(&person(), &json!({"name": "Ada", "age": 20, "nick": ""})).is_valid());
    }

    #[test]
    fn minimum_and_maximum() {
        let report = validate(&person(), &json!({"name": "Ada", "age": 12}));
        assert_eq!(rules(&report), [("/age".into(), Rule::Minimum)]);
        assert_eq!(report.fields[0].message, "Too young");
        let report = validate(&person(), &json!({"name": "Ada", "age": 100.5}));
        assert_eq!(report.fields[0].message, "Must be at most 99");
        // Boundaries are inclusive.
        assert!(validate(&person(), &json!({"name": "Ada", "age": 18})).is_valid());
        assert!(validate(&person(), &json!({"name": "Ada", "age": 99})).is_valid());
    }

    #[test]
    fn wrong_types_are_not_checked_by_other_rules() {
        assert!(validate(&person(), &json!({"name": 12345678, "age": "old"})).is_valid());
    }

    #[test]
    fn ecma_262_patterns_are_checked() {
        let s = schemas(json!([{"type": "object", "properties": {
            "password": {"type": "string", "pattern": "^(?=.*\\d).{8,}$"}}}]));
        assert!(validate(&s, &json!({"password": "longenough1"})).is_valid());
        let report = validate(&s, &json!({"password": "longenough"}));
        assert_eq!(report.fields.len(), 1, "{report:?}");
        assert_eq!(report.fields[0].rule, Rule::Pattern);
    }

    #[test]
    fn invalid_pattern_is_ignored() {
        let s =
            schemas(json!([{"type": "object", "properties": {"a": {"type": "string", "pattern": "(("}}}]));
        assert!(validate(&s, &json!({"a": "x"})).is_valid());
    }

    #[test]
    fn nested_objects_and_arrays() {
        let s = schemas(json!([{
            "type": "object",
            "properties": {
                "address": {"type": "object", "required": ["city"], "properties": {"city": {"type": "string"}}},
                "tags": {"type": "array", "minItems": 1, "maxItems": 2, "items": {"type": "string", "minLength": 2}}
            }
        }]));
        let report = validate(&s, &json!({"address": {}, "tags": ["ok", "x", "yy"]}));
        assert_eq!(
            rules(&report),
            [
                ("/address/city".into(), Rule::Required),
                ("/tags".into(), Rule::MaxItems),
                ("/tags/1".into(), Rule::MinLength)
            ]
        );
        assert_eq!(report.validation, json!({"address": {"city": "Required"}, "tags": "Choose at most 2"}));
        assert_eq!(rules(&validate(&s, &json!({"tags": []}))), [("/tags".into(), Rule::MinItems)]);
    }

    #[test]
    fn one_of_consts() {
        let s = schemas(json!([{"type": "object", "properties": {
            "currency": {"oneOf": [{"const": "GBP"}, {"const": "EUR"}],
                         "validationMessages": {"oneOf": "Pick a currency"}}}}]));
        assert!(validate(&s, &json!({"currency": "EUR"})).is_valid());
        let report = validate(&s, &json!({"currency": "USD"}));
        assert_eq!(rules(&report), [("/currency".into(), Rule::OneOf)]);
        assert_eq!(report.fields[0].message, "Pick a currency");
    }

    #[test]
    fn one_of_objects_reports_the_closest_alternative() {
        let s = schemas(json!([{"oneOf": [
            {"type": "object", "required": ["iban", "bic", "bank"], "properties": {}},
            {"type": "object", "required": ["sortCode", "account"],
             "properties": {"sortCode": {"type": "string", "pattern": "^\\d{6}$"}}}
        ]}]));
        assert!(validate(&s, &json!({"sortCode": "123456", "account": "1"})).is_valid());
        let report = validate(&s, &json!({"sortCode": "12"}));
        assert_eq!(
            rules(&report),
            [("/account".into(), Rule::Required), ("/sortCode".into(), Rule::Pattern)]
        );
    }

    #[test]
    fn const_all_of_hidden_and_disabled() {
        let s = schemas(json!([{"allOf": [
            {"type": "object", "properties": {"kind": {"const": "personal"}}},
            {"type": "object", "required": ["secret", "locked"], "properties": {
                "secret": {"type": "string", "hidden": true},
                "locked": {"type": "string", "disabled": true, "minLength": 9}}}
        ]}]));
        let report = validate(&s, &json!({"kind": "business", "locked": "x"}));
        assert_eq!(rules(&report), [("/kind".into(), Rule::Const)]);
        assert_eq!(report.fields[0].message, "Must be \"personal\"");
    }

    #[test]
    fn several_roots_see_the_same_values() {
        let s = schemas(json!([
            {"$id": "a", "type": "object", "required": ["x"], "properties": {"x": {"type": "string"}}},
            {"$id": "b", "type": "object", "required": ["y"], "properties": {"y": {"type": "string"}}}
        ]));
        assert_eq!(rules(&validate(&s, &json!({"x": "1"}))), [("/y".into(), Rule::Required)]);
        assert!(validate(&s, &json!({"x": "1", "y": "2"})).is_valid());
    }

    #[test]
    fn a_validator_reuses_compiled_patterns() {
        let first = Validator::new(&person());
        let second = Validator::reusing(&person(), &first);
        assert_eq!(second.patterns.len(), 1);
        let reused = second.patterns.values().next().and_then(Option::as_ref).map(Pattern::as_str);
        assert_eq!(reused, Some("^[A-Z]"));
        assert_eq!(
            rules(&second.validate(&json!({"name": "ada", "age": 20}))),
            [("/name".into(), Rule::Pattern)]
        );
    }

    #[test]
    fn field_error_display() {
        let report = validate(&person(), &json!({"name": "Ada"}));
        assert_eq!(report.fields[0].to_string(), "/age: Tell us your age (required)");
    }
}
