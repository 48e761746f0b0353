//! What builder methods accept: [`IntoModel`] (a finished model value, the
//! `Result` of another build, or raw JSON), [`IntoNumber`], and the
//! normalisation that keeps every input faithful to its JSON form.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Number, Value};

use flow_model::layout::{
    AlertLayout, BoxLayout, ButtonLayout, ColumnsLayout, DecisionLayout, DividerLayout, FormLayout,
    HeadingLayout, ImageLayout, InfoLayout, InstructionsLayout, ListLayout, LoadingIndicatorLayout,
    MarkdownLayout, MediaLayout, ModalLayout, ParagraphLayout, ProgressLayout, ReviewLayout, SearchLayout,
    SectionLayout, StatusListLayout, TabsLayout, UpsellLayout,
};
use flow_model::{
    Action, ActionBehavior, ActionResponseBody, Align, Behavior, CopyBehavior, DismissBehavior,
    ErrorResponseBody, External, Layout, LinkBehavior, LinkHandler, ModalBehavior, ModalResponseBody,
    Navigation, OnError, Pointer, Polling, RefreshBehavior, Report, Schema, SearchResponseBody, SearchResult,
    Size, StackBehavior, Step, StepErrors, SubflowBehavior,
};

use crate::error::BuildError;
use crate::issues::Issues;

/// A value a builder method accepts for a member of model type `T`.
///
/// Implemented for:
/// * `T` itself (and, for enums, each variant's struct, e.g. an
///   [`ActionBehavior`] where a [`Behavior`] is expected);
/// * `Result<T, BuildError>`, the output of another `build`, so nested builds
///   need no `?`: their problems are reported by the outer build, located
///   under the member they were given for;
/// * [`serde_json::Value`]: raw JSON, read with `flow_model::parse` (a kind
///   the model does not know stays raw; a known kind must have the right shape).
///
/// Values are normalised through their JSON form, so what the build returns
/// is exactly what a client parses from its JSON.
///
/// ```
/// use flow_dsl::prelude::*;
/// use serde_json::json;
///
/// let step = Step::build(|s| {
///     s.id("done").title("Done");
///     s.layout(|l| {
///         l.button(|b| {
///             b.title("Close");
///             b.behavior(json!({"type": "teleport", "to": "home"})); // a kind the DSL does not know
///         });
///     });
/// })?;
/// assert_eq!(step.layout()[0].type_name(), Some("button"));
/// # Ok::<(), flow_dsl::BuildError>(())
/// ```
pub trait IntoModel<T> {
    /// Converts into the model value, or the problems that prevent it.
    fn into_model(self) -> Result<T, BuildError>;
}

/// Re-reads `value` from its JSON text, so that e.g. an `Unknown` kind whose
/// `type` is in fact known becomes the typed variant a client would see.
pub(crate) fn normalize<T: Serialize + DeserializeOwned>(
    value: &T,
    what: &'static str,
) -> Result<T, BuildError> {
    let text = serde_json::to_string(value).map_err(|e| single(what, &Pointer::root(), e.to_string()))?;
    parse_text(&text, what)
}

fn parse_text<T: DeserializeOwned>(text: &str, what: &'static str) -> Result<T, BuildError> {
    flow_model::parse::<T>(text)
        .map_err(|e| single(what, &e.path, format!("invalid JSON for a {what}: {}", e.message)))
}

/// A one-problem error.
pub(crate) fn single(what: &'static str, path: &Pointer, message: String) -> BuildError {
    let mut report = Report::new();
    report.error(path, message);
    BuildError { what, problems: report.problems().to_vec() }
}

macro_rules! into_model {
    ($what:literal $ty:ty) => {
        impl IntoModel<$ty> for $ty {
            fn into_model(self) -> Result<$ty, BuildError> {
                normalize(&self, $what)
            }
        }
        impl IntoModel<$ty> for Result<$ty, BuildError> {
            fn into_model(self) -> Result<$ty, BuildError> {
                self
            }
        }
        impl IntoModel<$ty> for Value {
            fn into_model(self) -> Result<$ty, BuildError> {
                parse_text(&self.to_string(), $what)
            }
        }
    };
    ($what:literal $ty:ty => $enum:ident :: $variant:ident) => {
        impl IntoModel<$enum> for $ty {
            fn into_model(self) -> Result<$enum, BuildError> {
                normalize(&$enum::$variant(self), $what)
            }
        }
        impl IntoModel<$enum> for Result<$ty, BuildError> {
            fn into_model(self) -> Result<$enum, BuildError> {
                self.map($enum::$variant)
            }
        }
    };
}

into_model!("Step" Step);
into_model!("Action" Action);
into_model!("Behavior" Behavior);
into_model!("Layout" Layout);
into_model!("Schema" Schema);
into_model!("Polling" Polling);
into_model!("OnError" OnError);
into_model!("External" External);
into_model!("LinkHandler" LinkHandler);
into_model!("Navigation" Navigation);
into_model!("StepErrors" StepErrors);
into_model!("SearchResult" SearchResult);
into_model!("ActionResponseBody" ActionResponseBody);
into_model!("ErrorResponseBody" ErrorResponseBody);
into_model!("ModalResponseBody" ModalResponseBody);
into_model!("SearchResponseBody" SearchResponseBody);
into_model!("SubflowBehavior" SubflowBehavior);
into_model!("Behavior" ActionBehavior => Behavior::Action);
into_model!("Behavior" LinkBehavior => Behavior::Link);
into_model!("Behavior" CopyBehavior => Behavior::Copy);
into_model!("Behavior" DismissBehavior => Behavior::Dismiss);
into_model!("Behavior" ModalBehavior => Behavior::Modal);
into_model!("Behavior" RefreshBehavior => Behavior::Refresh);
into_model!("Behavior" SubflowBehavior => Behavior::Subflow);
into_model!("Layout" AlertLayout => Layout::Alert);
into_model!("Layout" BoxLayout => Layout::Box);
into_model!("Layout" ButtonLayout => Layout::Button);
into_model!("Layout" ColumnsLayout => Layout::Columns);
into_model!("Layout" DecisionLayout => Layout::Decision);
into_model!("Layout" DividerLayout => Layout::Divider);
into_model!("Layout" FormLayout => Layout::Form);
into_model!("Layout" HeadingLayout => Layout::Heading);
into_model!("Layout" ImageLayout => Layout::Image);
into_model!("Layout" InfoLayout => Layout::Info);
into_model!("Layout" InstructionsLayout => Layout::Instructions);
into_model!("Layout" ListLayout => Layout::List);
into_model!("Layout" LoadingIndicatorLayout => Layout::LoadingIndicator);
into_model!("Layout" MarkdownLayout => Layout::Markdown);
into_model!("Layout" ModalLayout => Layout::Modal);
into_model!("Layout" ParagraphLayout => Layout::Paragraph);
into_model!("Layout" ReviewLayout => Layout::Review);
into_model!("Layout" SearchLayout => Layout::Search);
into_model!("Layout" SectionLayout => Layout::Section);
into_model!("Layout" StatusListLayout => Layout::StatusList);
into_model!("Layout" TabsLayout => Layout::Tabs);
into_model!("Layout" MediaLayout => Layout::Media);
into_model!("Layout" ProgressLayout => Layout::Progress);
into_model!("Layout" UpsellLayout => Layout::Upsell);

/// What stands in for a value whose input failed, so that the rest of the
/// document still validates without knock-on errors (the build fails anyway).
pub(crate) trait Placeholder {
    fn placeholder() -> Self;
}

impl Placeholder for Layout {
    fn placeholder() -> Self {
        Layout::Unknown(Value::Object(Map::new()))
    }
}

impl Placeholder for Behavior {
    fn placeholder() -> Self {
        Behavior::Unknown(Value::Object(Map::new()))
    }
}

impl Placeholder for Schema {
    fn placeholder() -> Self {
        Schema::Unknown(Value::Object(Map::new()))
    }
}

impl Placeholder for SearchResult {
    fn placeholder() -> Self {
        SearchResult::Unknown(Value::Object(Map::new()))
    }
}

impl Placeholder for Action {
    fn placeholder() -> Self {
        let mut action = Action::default();
        action.exit = Some(true);
        action
    }
}

macro_rules! default_placeholder {
    ($($ty:ty),*) => { $(impl Placeholder for $ty { fn placeholder() -> Self { Self::default() } })* };
}
default_placeholder!(Polling, OnError, External, LinkHandler, Navigation, StepErrors);

/// Resolves an input for the member at `at`: the value, or a placeholder and
/// the input's problems located under `at`.
pub(crate) fn resolve<T: Placeholder>(input: impl IntoModel<T>, at: &Pointer, issues: &mut Issues) -> T {
    issues.clear(at);
    match input.into_model() {
        Ok(value) => value,
        Err(error) => {
            issues.nest_error(at, &error);
            T::placeholder()
        }
    }
}

/// Size, context, alignment and stack behavior values spelled the way the
/// wire spells them (`Size::from("lg")` and `Size::Lg` are the same value).
pub(crate) fn size(value: impl Into<Size>) -> Size {
    Size::from(value.into().as_str())
}

/// See [`size`].
pub(crate) fn context(value: impl Into<flow_model::Context>) -> flow_model::Context {
    flow_model::Context::from(value.into().as_str())
}

/// See [`size`].
pub(crate) fn align(value: impl Into<Align>) -> Align {
    Align::from(value.into().as_str())
}

/// See [`size`].
pub(crate) fn stack_behavior(value: impl Into<StackBehavior>) -> StackBehavior {
    StackBehavior::from(value.into().as_str())
}

/// A number for a schema's `minimum`, `maximum` or `default`.
///
/// Integers are kept exact; floats must be finite (JSON has no NaN or
/// infinity): a non-finite float is reported by the build.
pub trait IntoNumber: sealed::Sealed {
    /// The JSON number, or `None` when there is none (NaN, ±∞).
    fn into_number(self) -> Option<Number>;
}

mod sealed {
    pub trait Sealed {}
}

macro_rules! into_number_int {
    ($($ty:ty),*) => {$(
        impl sealed::Sealed for $ty {}
        impl IntoNumber for $ty {
            fn into_number(self) -> Option<Number> { Some(Number::from(self)) }
        }
    )*};
}
into_number_int!(i8, i16, i32, i64, u8, u16, u32, u64);

impl sealed::Sealed for f64 {}
impl IntoNumber for f64 {
    fn into_number(self) -> Option<Number> {
        Number::from_f64(self)
    }
}

impl sealed::Sealed for f32 {}
impl IntoNumber for f32 {
    fn into_number(self) -> Option<Number> {
        Number::from_f64(f64::from(self))
    }
}

impl sealed::Sealed for Number {}
impl IntoNumber for Number {
    fn into_number(self) -> Option<Number> {
        Some(self)
    }
}

/// Sets a number member, or records that the input was not a JSON number.
pub(crate) fn number(target: &mut Option<Number>, key: &str, value: impl IntoNumber, issues: &mut Issues) {
    issues.clear(&crate::issues::member(key));
    match value.into_number() {
        Some(n) => *target = Some(n),
        None => {
            *target = None;
            issues.at(key, "must be a finite number (JSON has no NaN or infinity)");
        }
    }
}

/// Sets an optional JSON member whose model field reads `null` as absent:
/// `null` unsets it, so the JSON never carries a `null` for an unset option.
pub(crate) fn optional_value<T: From<Value>>(value: impl Into<Value>) -> Option<T> {
    match value.into() {
        Value::Null => None,
        other => Some(T::from(other)),
    }
}
