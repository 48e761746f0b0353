//! [`Build`]: `Step::build(|s| …)` and friends, and what every build does
//! when the closure returns: collect the builder's own problems, run
//! `flow_model`'s validation, and check the JSON reads back to the same value.
//!
//! This is the ground every builder module stands on ([`Finish`], [`run`],
//! [`finish_all`]); it imports no builder. Which model type each builder
//! builds, and how its value is validated, is registered in
//! `buildable`, which imports the builders.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use flow_model::{Behavior, Pointer, Problem, Report, Severity, Validate};

use crate::error::BuildError;
use crate::issues::{is_under, Issues};

/// A builder that turns into its model value plus the problems it found
/// (located relative to that value).
pub(crate) trait Finish {
    type Output;
    fn finish(self) -> (Self::Output, Issues);
}

/// Runs `configure` on a fresh builder and finishes it (for nested members).
pub(crate) fn run<B: Default + Finish>(configure: impl FnOnce(&mut B)) -> (B::Output, Issues) {
    let mut builder = B::default();
    configure(&mut builder);
    builder.finish()
}

/// Finishes a list of item builders into `out`, their problems under `at/<index>`.
pub(crate) fn finish_all<B: Finish>(
    builders: Vec<B>,
    out: &mut Vec<B::Output>,
    at: &Pointer,
    issues: &mut Issues,
) {
    for builder in builders {
        let (value, found) = builder.finish();
        if !found.is_empty() {
            issues.nest(&at.index(out.len()), found);
        }
        out.push(value);
    }
}

/// `T::build(|b| …)`: build a model value with a closure over its builder.
///
/// In scope through [`prelude`](crate::prelude). Implemented for [`Step`](flow_model::Step)
/// and every object a step or a response is made of.
///
/// ```
/// use flow_dsl::prelude::*;
///
/// let action = Action::build(|a| { a.url("/next").method("PUT"); })?;
/// assert_eq!(serde_json::to_string(&action).unwrap(), r#"{"url":"/next","method":"PUT"}"#);
///
/// let err = Action::build(|a| { a.method("PUT"); }).unwrap_err();
/// assert_eq!(err.problems[0].path.as_str(), "/url");
/// # Ok::<(), flow_dsl::BuildError>(())
/// ```
pub trait Build: Sized + sealed::Sealed {
    /// The builder the closure configures.
    type Builder: Default;

    /// Builds the value, or lists every problem that prevents it.
    fn build(configure: impl FnOnce(&mut Self::Builder)) -> Result<Self, BuildError> {
        Self::build_with_warnings(configure).map(|(value, _)| value)
    }

    /// Like [`Build::build`], also returning the validation warnings (legal
    /// but deprecated or risky, e.g. a 1.x `interval` without `delay`).
    fn build_with_warnings(
        configure: impl FnOnce(&mut Self::Builder),
    ) -> Result<(Self, Vec<Problem>), BuildError>;
}

pub(crate) mod sealed {
    pub trait Sealed {}
}

/// Finishes a top-level build: builder issues, validation, round trip.
pub(crate) fn complete<T>(
    what: &'static str,
    (value, issues): (T, Issues),
    validate: fn(&T, &mut Report),
) -> Result<(T, Vec<Problem>), BuildError>
where
    T: Serialize + DeserializeOwned + PartialEq,
{
    let mut report = Report::new();
    issues.into_report(&mut report);
    validate(&value, &mut report);
    round_trip(&value, &mut report);

    let mut errors: Vec<Problem> = Vec::new();
    let mut warnings: Vec<Problem> = Vec::new();
    for problem in report.problems() {
        let list = if problem.severity == Severity::Error { &mut errors } else { &mut warnings };
        if !list.contains(problem) {
            list.push(problem.clone());
        }
    }
    if errors.is_empty() {
        Ok((value, warnings))
    } else {
        Err(BuildError { what, problems: errors })
    }
}

/// Checks that the JSON of `value` reads back as `value` (the DSL's promise).
fn round_trip<T>(value: &T, report: &mut Report)
where
    T: Serialize + DeserializeOwned + PartialEq,
{
    let text = match serde_json::to_string(value) {
        Ok(text) => text,
        Err(e) => return report.error(&Pointer::root(), format!("cannot be written as JSON: {e}")),
    };
    match flow_model::parse::<T>(&text) {
        Err(e) => report.error(&e.path, format!("its JSON does not read back: {}", e.message)),
        Ok(back) if back != *value => {
            let (Ok(sent), Ok(read)) = (serde_json::to_value(value), serde_json::to_value(&back)) else {
                return report.error(&Pointer::root(), "its JSON reads back differently");
            };
            let path = first_difference(&sent, &read, Pointer::root());
            report.error(
                &path,
                "its JSON reads back differently (a raw or extra member clashes with the model)",
            );
        }
        Ok(_) => {}
    }
}

/// The first place where two JSON values differ.
fn first_difference(a: &Value, b: &Value, at: Pointer) -> Pointer {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (key, value) in x {
                match y.get(key) {
                    Some(other) if other == value => {}
                    Some(other) => return first_difference(value, other, at.key(key)),
                    None => return at.key(key),
                }
            }
            match y.keys().find(|k| !x.contains_key(*k)) {
                Some(key) => at.key(key),
                None => at,
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            match x.iter().zip(y).position(|(p, q)| p != q) {
                Some(i) => first_difference(&x[i], &y[i], at.index(i)),
                None => at,
            }
        }
        _ => at,
    }
}

/// Runs `wrapper`'s validation and keeps the problems under `prefix`,
/// re-rooted: how objects the model only validates in context (a layout in
/// a step, an `onError` in a polling block) are validated on their own.
pub(crate) fn validate_inside<W: Validate>(wrapper: &W, prefix: &Pointer, report: &mut Report) {
    for problem in wrapper.validate().problems() {
        if !is_under(&problem.path, prefix) {
            continue;
        }
        let rest = &problem.path.as_str()[prefix.as_str().len()..];
        let path = match rest.strip_prefix('/') {
            Some(rest) => Pointer::root().raw(rest),
            None => Pointer::root(),
        };
        match problem.severity {
            Severity::Error => report.error(&path, problem.message.clone()),
            _ => report.warning(&path, problem.message.clone()),
        }
    }
}

pub(crate) fn validate_root<T: Validate>(value: &T, report: &mut Report) {
    value.validate_at(&Pointer::root(), report);
}

pub(crate) fn no_rules<T>(_: &T, _: &mut Report) {}

/// Validates a behavior kind's struct as the behavior it is part of.
pub(crate) fn validate_as<T: Clone>(value: &T, wrap: fn(T) -> Behavior, report: &mut Report) {
    validate_root(&wrap(value.clone()), report);
}

#[cfg(test)]
mod tests {
    use super::*;
    use flow_model::{Layout, Step};

    #[test]
    fn a_value_whose_json_reads_back_differently_is_refused() {
        // Builders never produce this (extra() routes known members to their
        // field); the check is the safety net behind that.
        let mut step = Step::default();
        step.id = Some("s".to_owned());
        step.title = Some("typed".to_owned());
        step.layout = Some(Vec::new());
        step.extra.insert("title".to_owned(), Value::from("raw"));
        let err = complete("Step", (step, Issues::default()), validate_root).unwrap_err();
        assert_eq!(err.problems.len(), 1, "{err}");
        assert!(err.problems[0].message.starts_with("its JSON does not read back"), "{err}");

        // A value serde_json writes without duplicate keys but that reads back
        // as another kind: located at the first difference.
        let clash = Layout::Unknown(serde_json::json!({"type": "divider", "margin": "xs"}));
        let err = complete("Layout", (clash, Issues::default()), validate_root).unwrap_err();
        assert_eq!(err.problems[0].path.as_str(), "", "{err}");
        assert!(err.problems[0].message.starts_with("its JSON reads back differently"), "{err}");
    }

    #[test]
    fn first_difference_finds_the_member() {
        let a = serde_json::json!({"a": [1, {"b": 2}], "c": 3});
        let b = serde_json::json!({"a": [1, {"b": 5}], "c": 3});
        assert_eq!(first_difference(&a, &b, Pointer::root()).as_str(), "/a/1/b");
        let c = serde_json::json!({"a": [1, {"b": 2}], "c": 3, "d": 4});
        assert_eq!(first_difference(&a, &c, Pointer::root()).as_str(), "/d");
    }
}
