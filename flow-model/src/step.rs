//! [`Step`]: one screen of a flow (spec §1), and the small objects that hang
//! off it: [`StepErrors`], [`External`], [`LinkHandler`], [`Navigation`].

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::common::{string_enum, Extra};
use crate::layout::Layout;
use crate::legacy::{LegacyOption, LegacyReview};
use crate::schema::Schema;
use crate::{Action, Polling};

/// Wire `Step`: one screen, sent as a JSON object.
///
/// Members that are optional or lenient on the wire are `Option`s so that a
/// parsed step serializes back to exactly what the server sent; accessors
/// such as [`Step::title`] give the spec's defaults.
///
/// ```
/// let step: flow_model::Step = serde_json::from_str(
///     r#"{"id": "hello", "title": "Hello", "schemas": [], "layout": [], "shiny": true}"#,
/// )?;
/// assert_eq!(step.title(), "Hello");
/// assert_eq!(step.extra["shiny"], true);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Step {
    /// Wire `id`: the step identifier (analytics `stepId`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Wire `title`; a missing title reads as `""`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Wire `description`: the subtitle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Wire `control`: a rendering hint; unknown values are ignored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub control: Option<String>,
    /// Wire `schemas`: the data to collect.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schemas: Option<Vec<Schema>>,
    /// Wire `layout`: what the screen shows, in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layout: Option<Vec<Layout>>,
    /// Wire `model`: initial values, shaped like the schemas.
    #[serde(
        default,
        deserialize_with = "crate::serde_util::present",
        skip_serializing_if = "Option::is_none"
    )]
    pub model: Option<Value>,
    /// Wire `errors`: errors to show when the step loads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errors: Option<StepErrors>,
    /// Wire `external`: a URL the host opens when the step arrives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external: Option<External>,
    /// Wire `polling`: background polling that can move the flow on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub polling: Option<Polling>,
    /// Wire `linkHandlers`: deep-link handlers, first match wins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link_handlers: Option<Vec<LinkHandler>>,
    /// Wire `navigation`: custom back behaviour and history handling.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub navigation: Option<Navigation>,
    /// Wire `refreshUrl`: target of refresh-on-change (spec §5.4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_url: Option<String>,
    /// Wire `analytics`: extra analytics properties (string → string on the wire).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analytics: Option<Extra>,
    /// Wire `type` (earliest 1.x, before layouts): `form`, `decision` or
    /// `final`; [`Step::normalized`] builds the layout it implies.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub step_type: Option<String>,
    /// Wire `key` (earliest 1.x): the step's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// Wire `image` (earliest 1.x): an image URL shown under the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Value>,
    /// Wire `reviewFields` (earliest 1.x form step): a summary to review.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_fields: Option<LegacyReview>,
    /// Wire `actions` (earliest 1.x form step): one button each.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actions: Option<Vec<Action>>,
    /// Wire `options` (earliest 1.x decision step): the choices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<LegacyOption>>,
    /// Wire `action` (earliest 1.x final step): its one button.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<Action>,
    /// Unknown members.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Step {
    /// The step id, `""` when absent.
    pub fn id(&self) -> &str {
        self.id.as_deref().unwrap_or("")
    }

    /// The title, `""` when absent (spec §1).
    pub fn title(&self) -> &str {
        self.title.as_deref().unwrap_or("")
    }

    /// The schemas (empty when absent).
    pub fn schemas(&self) -> &[Schema] {
        self.schemas.as_deref().unwrap_or(&[])
    }

    /// The layout (empty when absent).
    pub fn layout(&self) -> &[Layout] {
        self.layout.as_deref().unwrap_or(&[])
    }

    /// The link handlers (empty when absent).
    pub fn link_handlers(&self) -> &[LinkHandler] {
        self.link_handlers.as_deref().unwrap_or(&[])
    }

    /// How an arriving step enters the history (`default` when absent).
    pub fn stack_behavior(&self) -> StackBehavior {
        self.navigation.as_ref().and_then(|n| n.stack_behavior.clone()).unwrap_or(StackBehavior::Default)
    }
}

/// Wire `errors` of a step: `{error?: string, validation?: any}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct StepErrors {
    /// Wire `error`: a general message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Wire `validation`: shaped like the model, a message at each failing field.
    #[serde(
        default,
        deserialize_with = "crate::serde_util::present",
        skip_serializing_if = "Option::is_none"
    )]
    pub validation: Option<Value>,
    /// Unknown members.
    #[serde(flatten)]
    pub extra: Extra,
}

crate::sent::wire_struct! {
    /// Wire `external`: `{url: string}`, opened by the host once per arriving step.
    External {
        /// Wire `url`.
        url: String,
    }
}

/// Wire `linkHandlers[]`: `{regexPattern: string, action: Action}`.
///
/// `regexPattern` is an ECMA-262 regular expression, compiled by
/// [`crate::Pattern`] (look-around and back-references work); a pattern
/// that does not compile is a validation error, as no client could match it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LinkHandler {
    /// Wire `regexPattern`: matched against an incoming link.
    pub regex_pattern: String,
    /// Wire `action`: run with `{"url": <link>}` merged into its payload.
    pub action: Action,
    /// Unknown members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Wire `navigation`: `{back?: {action, title?}, stackBehavior?}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Navigation {
    /// Wire `back`: replaces native back; its action runs without validation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub back: Option<NavigationBack>,
    /// Wire `stackBehavior`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stack_behavior: Option<StackBehavior>,
    /// Unknown members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Wire `navigation.back`: `{action: Action, title?: string}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NavigationBack {
    /// Wire `action`.
    pub action: Action,
    /// Wire `title`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Unknown members.
    #[serde(flatten)]
    pub extra: Extra,
}

string_enum! {
    /// Wire `stackBehavior`: how an arriving step enters the history.
    StackBehavior {
        /// `"default"`: push it.
        Default = "default",
        /// `"remove-all"`: push it and clear the rest.
        RemoveAll = "remove-all",
        /// `"remove-previous"`: push it and drop the step before it.
        RemovePrevious = "remove-previous",
        /// `"replace-current"`: replace the top step.
        ReplaceCurrent = "replace-current",
    }
}
