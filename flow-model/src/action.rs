//! [`Action`]: a request the client sends to move the flow on (spec §2).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::common::Extra;

/// Wire `Action`: what a button, decision option, link handler, back
/// navigation or `onError` submits.
///
/// 1.x buttons carry presentation members on the action itself (`title`,
/// `label`, `type`, `disabled`); they are kept in [`Action::extra`].
///
/// ```
/// let action: flow_model::Action = serde_json::from_str(
///     r#"{"url": "/submit", "data": {"plan": "gold"}, "title": "Continue"}"#,
/// )?;
/// assert_eq!(action.method(), "POST");
/// assert_eq!(action.extra["title"], "Continue");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Action {
    /// Wire `url`: submission target, relative to the flow's base URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Wire `method`: HTTP method; [`Action::method`] defaults it to POST.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Wire `data`: merged (shallowly) over the step's submitted values.
    #[serde(
        default,
        deserialize_with = "crate::serde_util::present",
        skip_serializing_if = "Option::is_none"
    )]
    pub data: Option<Value>,
    /// Wire `exit`: an exiting action ends the flow (spec §2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exit: Option<bool>,
    /// Wire `result`: the flow result, or the part merged into it on exit.
    #[serde(
        default,
        deserialize_with = "crate::serde_util::present",
        skip_serializing_if = "Option::is_none"
    )]
    pub result: Option<Value>,
    /// Wire `id`: analytics id, also used to trigger an action by id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Wire `skipValidation`: skip client-side validation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skip_validation: Option<bool>,
    /// Wire `timeout`: suggested request timeout in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<i64>,
    /// Members this crate does not know (1.x `title`, `label`, `type`, `disabled`…).
    #[serde(flatten)]
    pub extra: Extra,
}

impl Action {
    /// An action that submits to `url`, every other member unset; add them
    /// with the `with_*` methods, which consume and return the action.
    ///
    /// Members left unset stay absent from its JSON. (An exiting action
    /// needs no `url`: start it from [`Action::default`].)
    ///
    /// ```
    /// use flow_model::Action;
    /// use serde_json::json;
    ///
    /// let pay = Action::new("/pay")
    ///     .with_method("PUT")
    ///     .with_data(json!({"plan": "gold"}))
    ///     .with_id("pay-button");
    /// assert_eq!(pay.method(), "PUT");
    /// assert_eq!(
    ///     serde_json::to_value(&pay)?,
    ///     json!({"url": "/pay", "method": "PUT", "data": {"plan": "gold"}, "id": "pay-button"}),
    /// );
    ///
    /// let quit = Action::default().with_exit(true).with_result(json!({"cancelled": true}));
    /// assert!(quit.is_exit());
    /// assert_eq!(serde_json::to_value(&quit)?, json!({"exit": true, "result": {"cancelled": true}}));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[must_use]
    pub fn new(url: impl Into<String>) -> Action {
        Action { url: Some(url.into()), ..Action::default() }
    }

    /// Sets `method`, the HTTP method (clients send POST when it is unset).
    #[must_use]
    pub fn with_method(mut self, method: impl Into<String>) -> Self {
        self.method = Some(method.into());
        self
    }

    /// Sets `data`, merged (shallowly) over the step's submitted values.
    #[must_use]
    pub fn with_data(mut self, data: Value) -> Self {
        self.data = Some(data);
        self
    }

    /// Sets `exit`: an exiting action ends the flow.
    #[must_use]
    pub fn with_exit(mut self, exit: bool) -> Self {
        self.exit = Some(exit);
        self
    }

    /// Sets `result`: the flow result, or the part merged into it on exit.
    #[must_use]
    pub fn with_result(mut self, result: Value) -> Self {
        self.result = Some(result);
        self
    }

    /// Sets `id`: the analytics id, also used to trigger the action by id.
    #[must_use]
    pub fn with_id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// Sets `skipValidation`: submit without client-side validation.
    #[must_use]
    pub fn with_skip_validation(mut self, skip: bool) -> Self {
        self.skip_validation = Some(skip);
        self
    }

    /// Sets `timeout`: the suggested request timeout, in seconds.
    #[must_use]
    pub fn with_timeout(mut self, seconds: i64) -> Self {
        self.timeout = Some(seconds);
        self
    }

    /// The HTTP method, upper-cased; `POST` when the server sent none.
    pub fn method(&self) -> String {
        match &self.method {
            Some(m) if !m.trim().is_empty() => m.trim().to_ascii_uppercase(),
            _ => "POST".to_owned(),
        }
    }

    /// Whether this is an exiting action (`exit: true`).
    pub fn is_exit(&self) -> bool {
        self.exit == Some(true)
    }

    /// Whether the request carries a body: every method but GET and HEAD
    /// (those send none, spec §2 Decision).
    pub fn sends_body(&self) -> bool {
        !matches!(self.method().as_str(), "GET" | "HEAD")
    }

    /// 1.x presentation title: `title`, else `label`, from the unknown members.
    pub fn legacy_title(&self) -> Option<&str> {
        self.extra.get("title").or_else(|| self.extra.get("label")).and_then(Value::as_str)
    }
}
