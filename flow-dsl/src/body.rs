//! Builders for the response bodies other than a step (spec §5): Action,
//! Error, Modal and Search Response Bodies. (A subflow response's body is a
//! [`SubflowBehavior`](flow_model::SubflowBehavior): see [`SubflowBuilder`](crate::SubflowBuilder).)

use serde_json::{Map, Value};

use flow_model::{
    Action, ActionResponseBody, ActionSearchResult, ErrorResponseBody, Extra, ModalResponseBody, Pointer,
    SearchResponseBody, SearchResult, SearchSearchResult,
};

use crate::action::ActionBuilder;
use crate::build::Finish;
use crate::entry::{push_typed, Entry};
use crate::error::BuildError;
use crate::input::{IntoModel, Placeholder};
use crate::issues::{member, Issues};
use crate::layout::LayoutBuilder;
use crate::members::set_extra;
use crate::setters::setters;

/// Builds an [`ActionResponseBody`], `{"action": Action}`: the answer that
/// makes the client perform an action (sent with `X-DF-Response-Type:
/// action`, or with no header to a 1.x client).
///
/// ```
/// use flow_dsl::prelude::*;
/// use serde_json::json;
///
/// let body = ActionResponseBody::build(|b| { b.action(|a| { a.url("/next").data(json!({"ok": true})); }); })?;
/// assert_eq!(serde_json::to_value(&body).unwrap(), json!({"action": {"url": "/next", "data": {"ok": true}}}));
/// # Ok::<(), flow_dsl::BuildError>(())
/// ```
#[derive(Debug, Default)]
pub struct ActionResponseBodyBuilder {
    inner: ActionResponseBody,
    action_set: bool,
    issues: Issues,
}

impl ActionResponseBodyBuilder {
    setters! {
        /// Wire `action` (required).
        action(configure: impl FnOnce(&mut ActionBuilder)) => action at "action", action_set = true;

        /// Wire `action`, from a finished action.
        action_value(action: impl IntoModel<Action>) => action at "action", action_set = true;
    }

    /// Sets any member by its wire name (see [escape hatches](crate#escape-hatches)):
    /// unknown to the model, it is kept as an extra member; known, it is read into its field.
    pub fn extra(&mut self, key: impl Into<String>, value: impl Into<Value>) -> &mut Self {
        set_extra(&mut self.inner, &mut self.issues, key.into(), value.into());
        self
    }
}

impl Finish for ActionResponseBodyBuilder {
    type Output = ActionResponseBody;
    fn finish(mut self) -> (ActionResponseBody, Issues) {
        if !self.action_set {
            self.issues.at("action", "required");
            self.inner.action = Action::placeholder();
        }
        (self.inner, self.issues)
    }
}

/// Builds an [`ErrorResponseBody`] (spec §5.2): `{error?, validation?,
/// refreshUrl?, analytics?}`.
///
/// ```
/// use flow_dsl::prelude::*;
/// use serde_json::json;
///
/// let body = ErrorResponseBody::build(|e| {
///     e.error("Please check the form.");
///     e.field_error(["card", "number"], "Not a valid card number");
///     e.field_error(["card", "expiry"], "Expired");
/// })?;
/// assert_eq!(
///     serde_json::to_value(&body).unwrap(),
///     json!({"error": "Please check the form.",
///            "validation": {"card": {"number": "Not a valid card number", "expiry": "Expired"}}}),
/// );
/// # Ok::<(), flow_dsl::BuildError>(())
/// ```
#[derive(Debug, Default)]
pub struct ErrorResponseBodyBuilder {
    inner: ErrorResponseBody,
    issues: Issues,
}

impl ErrorResponseBodyBuilder {
    setters! {
        /// Wire `error`: a general message.
        error(message: impl Into<String>) => Some(error);
    }

    /// Wire `validation`, whole: shaped like the model, a message at each failing field.
    pub fn validation(&mut self, validation: impl Into<Value>) -> &mut Self {
        self.issues.clear(&member("validation"));
        self.inner.validation = Some(validation.into());
        self
    }

    /// Wire `validation`: adds `message` at the field reached by `path`
    /// (property names from the root of the model), creating the objects on
    /// the way.
    pub fn field_error<S: Into<String>>(
        &mut self,
        path: impl IntoIterator<Item = S>,
        message: impl Into<String>,
    ) -> &mut Self {
        let path: Vec<String> = path.into_iter().map(Into::into).collect();
        let mut at = member("validation");
        let Some((last, parents)) = path.split_last() else {
            self.issues.add(at, "field_error needs a non-empty path");
            return self;
        };
        let mut node = self.inner.validation.get_or_insert_with(|| Value::Object(Map::new()));
        for key in parents {
            let Value::Object(object) = node else {
                self.issues.add(at, "holds a message, not an object: cannot add a field error under it");
                return self;
            };
            at = at.key(key);
            node = object.entry(key.clone()).or_insert_with(|| Value::Object(Map::new()));
        }
        match node {
            Value::Object(object) => {
                object.insert(last.clone(), Value::String(message.into()));
            }
            _ => self.issues.add(at, "holds a message, not an object: cannot add a field error under it"),
        }
        self
    }

    setters! {
        /// Wire `refreshUrl`: refresh first; the errors apply to the refreshed step.
        refresh_url(url: impl Into<String>) => Some(refresh_url);
    }

    /// Wire `analytics`: adds one analytics property.
    pub fn analytics(&mut self, key: impl Into<String>, value: impl Into<String>) -> &mut Self {
        self.inner.analytics.get_or_insert_with(Extra::new).insert(key.into(), Value::String(value.into()));
        self
    }

    /// Sets any member by its wire name (see [escape hatches](crate#escape-hatches)):
    /// unknown to the model, it is kept as an extra member; known, it is read into its field.
    pub fn extra(&mut self, key: impl Into<String>, value: impl Into<Value>) -> &mut Self {
        set_extra(&mut self.inner, &mut self.issues, key.into(), value.into());
        self
    }
}

impl Finish for ErrorResponseBodyBuilder {
    type Output = ErrorResponseBody;
    fn finish(self) -> (ErrorResponseBody, Issues) {
        (self.inner, self.issues)
    }
}

/// Builds a [`ModalResponseBody`]: `{title?, content: [Layout]}`.
#[derive(Debug, Default)]
pub struct ModalResponseBodyBuilder {
    inner: ModalResponseBody,
    issues: Issues,
}

impl ModalResponseBodyBuilder {
    setters! {
        /// Wire `title`.
        title(title: impl Into<String>) => Some(title);

        /// Wire `content`: appends the components `configure` adds.
        content(configure: impl FnOnce(&mut LayoutBuilder)) => append(content) at "content";
    }

    /// Sets any member by its wire name (see [escape hatches](crate#escape-hatches)):
    /// unknown to the model, it is kept as an extra member; known, it is read into its field.
    pub fn extra(&mut self, key: impl Into<String>, value: impl Into<Value>) -> &mut Self {
        set_extra(&mut self.inner, &mut self.issues, key.into(), value.into());
        self
    }
}

impl Finish for ModalResponseBodyBuilder {
    type Output = ModalResponseBody;
    fn finish(self) -> (ModalResponseBody, Issues) {
        (self.inner, self.issues)
    }
}

/// A search result builder stored in a [`SearchResponseBodyBuilder`].
trait ResultSource: Entry {
    fn finish_result(self: Box<Self>) -> (SearchResult, Issues);
}

#[derive(Debug)]
struct Ready(Result<SearchResult, BuildError>);

impl ResultSource for Ready {
    fn finish_result(self: Box<Self>) -> (SearchResult, Issues) {
        let mut issues = Issues::default();
        match self.0 {
            Ok(result) => (result, issues),
            Err(error) => {
                issues.nest_error(&Pointer::root(), &error);
                (SearchResult::placeholder(), issues)
            }
        }
    }
}

/// Builds a [`SearchResponseBody`]: `{results: [SearchResult]}`, the answer
/// to a `search` component's query.
///
/// ```
/// use flow_dsl::prelude::*;
/// use serde_json::json;
///
/// let body = SearchResponseBody::build(|r| {
///     r.action("Jane Doe").description("jane@example.com").value(|a| { a.url("/recipient/1"); });
///     r.search("Search all of Europe").value(json!({"query": "jane", "region": "eu"}));
/// })?;
/// assert_eq!(
///     serde_json::to_value(&body).unwrap(),
///     json!({"results": [
///         {"type": "action", "title": "Jane Doe", "description": "jane@example.com",
///          "value": {"url": "/recipient/1"}},
///         {"type": "search", "title": "Search all of Europe", "value": {"query": "jane", "region": "eu"}}]}),
/// );
/// # Ok::<(), flow_dsl::BuildError>(())
/// ```
#[derive(Debug, Default)]
pub struct SearchResponseBodyBuilder {
    inner: SearchResponseBody,
    results: Vec<Box<dyn ResultSource>>,
    issues: Issues,
}

impl SearchResponseBodyBuilder {
    /// Appends an `action` result titled `title`; choosing it runs its `value` action.
    pub fn action(&mut self, title: impl Into<String>) -> &mut ActionResultBuilder {
        let mut builder = ActionResultBuilder::default();
        builder.inner.title = title.into();
        push_typed(&mut self.results, builder, |b| Box::new(b))
    }

    /// Appends a `search` result titled `title`; choosing it runs a new search.
    pub fn search(&mut self, title: impl Into<String>) -> &mut SearchQueryResultBuilder {
        let mut builder = SearchQueryResultBuilder::default();
        builder.inner.title = title.into();
        push_typed(&mut self.results, builder, |b| Box::new(b))
    }

    /// Appends a finished result (or raw JSON, for result kinds the DSL does not know).
    pub fn push(&mut self, result: impl IntoModel<SearchResult>) -> &mut Self {
        push_typed(&mut self.results, Ready(result.into_model()), |b| Box::new(b));
        self
    }

    /// Sets any member by its wire name (see [escape hatches](crate#escape-hatches)):
    /// unknown to the model, it is kept as an extra member; known, it is read into its field.
    pub fn extra(&mut self, key: impl Into<String>, value: impl Into<Value>) -> &mut Self {
        set_extra(&mut self.inner, &mut self.issues, key.into(), value.into());
        self
    }
}

impl Finish for SearchResponseBodyBuilder {
    type Output = SearchResponseBody;
    fn finish(mut self) -> (SearchResponseBody, Issues) {
        for entry in self.results {
            let (result, found) = entry.finish_result();
            self.issues.nest(&member("results").index(self.inner.results.len()), found);
            self.inner.results.push(result);
        }
        (self.inner, self.issues)
    }
}

/// Builds an `action` search result: `{title, description?, value: Action}`.
#[derive(Debug, Default)]
pub struct ActionResultBuilder {
    inner: ActionSearchResult,
    value_set: bool,
    issues: Issues,
}

impl ActionResultBuilder {
    setters! {
        /// Wire `title` (required).
        title(title: impl Into<String>) => title;

        /// Wire `description`.
        description(description: impl Into<String>) => Some(description);

        /// Wire `value` (required): the action to run.
        value(configure: impl FnOnce(&mut ActionBuilder)) => value at "value", value_set = true;

        /// Wire `value`, from a finished action.
        value_action(action: impl IntoModel<Action>) => value at "value", value_set = true;
    }

    /// Sets any member by its wire name (see [escape hatches](crate#escape-hatches)):
    /// unknown to the model, it is kept as an extra member; known, it is read into its field.
    pub fn extra(&mut self, key: impl Into<String>, value: impl Into<Value>) -> &mut Self {
        set_extra(&mut self.inner, &mut self.issues, key.into(), value.into());
        self
    }
}

impl ResultSource for ActionResultBuilder {
    fn finish_result(self: Box<Self>) -> (SearchResult, Issues) {
        let mut this = *self;
        crate::layout::require(&this.inner.title, "title", &mut this.issues);
        if !this.value_set {
            this.issues.at("value", "required");
            this.inner.value = Action::placeholder();
        }
        (SearchResult::Action(this.inner), this.issues)
    }
}

/// Builds a `search` search result: `{title, description?, value}`.
#[derive(Debug, Default)]
pub struct SearchQueryResultBuilder {
    inner: SearchSearchResult,
    issues: Issues,
}

impl SearchQueryResultBuilder {
    setters! {
        /// Wire `title` (required).
        title(title: impl Into<String>) => title;

        /// Wire `description`.
        description(description: impl Into<String>) => Some(description);

        /// Wire `value`: the follow-up query (e.g. `{"query": …}`).
        value(value: impl Into<Value>) => Some(value);
    }

    /// Sets any member by its wire name (see [escape hatches](crate#escape-hatches)):
    /// unknown to the model, it is kept as an extra member; known, it is read into its field.
    pub fn extra(&mut self, key: impl Into<String>, value: impl Into<Value>) -> &mut Self {
        set_extra(&mut self.inner, &mut self.issues, key.into(), value.into());
        self
    }
}

impl ResultSource for SearchQueryResultBuilder {
    fn finish_result(self: Box<Self>) -> (SearchResult, Issues) {
        let mut this = *self;
        crate::layout::require(&this.inner.title, "title", &mut this.issues);
        (SearchResult::Search(this.inner), this.issues)
    }
}
