//! Response bodies other than a step (spec §5): the Action, Error, Modal,
//! Subflow and Search Response Bodies.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::common::Extra;
use crate::layout::Layout;
use crate::tagged::tagged_deserialize;
use crate::Action;

pub use crate::behavior::SubflowBehavior as SubflowResponseBody;

/// Wire Action Response Body: `{"action": Action}` (the 1.x way to answer
/// with an action; also the body of an `action` response).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ActionResponseBody {
    /// Wire `action`.
    pub action: Action,
    /// Unknown members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Wire Error Response Body (spec §5.2):
/// `{error?, validation?, refreshUrl?, analytics?}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ErrorResponseBody {
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
    /// Wire `refreshUrl`: refresh first; the errors apply to the refreshed step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_url: Option<String>,
    /// Wire `analytics`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analytics: Option<Extra>,
    /// Unknown members.
    #[serde(flatten)]
    pub extra: Extra,
}

crate::sent::wire_struct! {
    /// Wire Modal Response Body: `{title?, content: [Layout]}`.
    ModalResponseBody {
        /// Wire `title`.
        title: Option<String>,
        /// Wire `content`.
        content: Vec<Layout>,
    }
}

crate::sent::wire_struct! {
    /// Wire Search Response Body: `{results: [SearchResult]}`.
    SearchResponseBody {
        /// Wire `results`.
        results: Vec<SearchResult>,
    }
}

/// Wire search result, tagged by `type`: `action` or `search`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum SearchResult {
    /// `"action"`: choosing the result runs `value` as an action.
    Action(ActionSearchResult),
    /// `"search"`: choosing the result runs a new search with `value`.
    Search(SearchSearchResult),
    /// A result of an unknown `type`, kept verbatim.
    #[serde(untagged)]
    Unknown(Value),
}

tagged_deserialize!(SearchResult, "type", "search result", {
    "action" => Action,
    "search" => Search,
});

/// Wire `{"type": "action", title, description?, icon?, image?, value: Action}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ActionSearchResult {
    /// Wire `title`.
    #[serde(default)]
    pub title: String,
    /// Wire `description`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Wire `value`: the action to run.
    pub value: Action,
    /// Unknown members (`icon`, `image`, …).
    #[serde(flatten)]
    pub extra: Extra,
}

crate::sent::wire_struct! {
    /// Wire `{"type": "search", title, description?, value: {query, ...}}`.
    SearchSearchResult {
        /// Wire `title`.
        title: String,
        /// Wire `description`.
        description: Option<String>,
        /// Wire `value`: the follow-up query.
        value: Option<Value>,
    }
}
