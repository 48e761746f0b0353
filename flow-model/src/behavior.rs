//! [`Behavior`]: what happens when the user (or polling's `onError`) acts
//! (spec §3). Tagged by the `type` member; unknown types are kept raw.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::common::Extra;
use crate::layout::Layout;
use crate::tagged::tagged_deserialize;
use crate::Action;

/// Wire `Behavior`, an object tagged by `type`.
///
/// ```
/// use flow_model::Behavior;
/// let b: Behavior = serde_json::from_str(r#"{"type": "link", "url": "https://wise.com"}"#)?;
/// assert!(matches!(b, Behavior::Link(ref l) if l.url == "https://wise.com"));
/// let unknown: Behavior = serde_json::from_str(r#"{"type": "teleport", "to": "mars"}"#)?;
/// assert_eq!(unknown.type_name(), Some("teleport"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Behavior {
    /// `"action"`: perform an [`Action`].
    Action(ActionBehavior),
    /// `"link"`: the host opens a URL outside the flow.
    Link(LinkBehavior),
    /// `"copy"`: the host copies text.
    Copy(CopyBehavior),
    /// `"dismiss"`: close the current modal.
    Dismiss(DismissBehavior),
    /// `"modal"`: the host shows a modal.
    Modal(ModalBehavior),
    /// `"refresh"`: refresh the current step (spec §5.4).
    Refresh(RefreshBehavior),
    /// `"subflow"`: launch a nested flow (spec §5.3).
    Subflow(SubflowBehavior),
    /// A behavior whose `type` this crate does not know, kept verbatim.
    #[serde(untagged)]
    Unknown(Value),
}

tagged_deserialize!(Behavior, "type", "behavior", {
    "action" => Action,
    "link" => Link,
    "copy" => Copy,
    "dismiss" => Dismiss,
    "modal" => Modal,
    "refresh" => Refresh,
    "subflow" => Subflow,
});

impl Behavior {
    /// The wire `type` of this behavior (`None` for an unknown behavior with no string `type`).
    pub fn type_name(&self) -> Option<&str> {
        Some(match self {
            Behavior::Action(_) => "action",
            Behavior::Link(_) => "link",
            Behavior::Copy(_) => "copy",
            Behavior::Dismiss(_) => "dismiss",
            Behavior::Modal(_) => "modal",
            Behavior::Refresh(_) => "refresh",
            Behavior::Subflow(_) => "subflow",
            Behavior::Unknown(raw) => return raw.get("type").and_then(Value::as_str),
        })
    }

    /// Wraps an action as an `action` behavior.
    pub fn action(action: Action) -> Self {
        Behavior::Action(ActionBehavior { action, extra: Extra::new() })
    }

    /// One view over the two generations (spec §3): `behavior` when present,
    /// else the 1.x `action` read as an `action` behavior.
    pub fn resolve<'a>(
        behavior: Option<&'a Behavior>,
        action: Option<&'a Action>,
    ) -> Option<Cow<'a, Behavior>> {
        match (behavior, action) {
            (Some(b), _) => Some(Cow::Borrowed(b)),
            (None, Some(a)) => Some(Cow::Owned(Behavior::action(a.clone()))),
            (None, None) => None,
        }
    }

    /// The action this behavior performs, when it is an `action` behavior.
    pub fn as_action(&self) -> Option<&Action> {
        match self {
            Behavior::Action(b) => Some(&b.action),
            _ => None,
        }
    }
}

/// Wire `{"type": "action", "action": Action}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ActionBehavior {
    /// Wire `action`.
    pub action: Action,
    /// Unknown members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Wire `{"type": "link", "url": string}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LinkBehavior {
    /// Wire `url`.
    pub url: String,
    /// Unknown members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Wire `{"type": "copy", "content": string}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CopyBehavior {
    /// Wire `content`: the text to copy.
    pub content: String,
    /// Unknown members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Wire `{"type": "dismiss"}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DismissBehavior {
    /// Unknown members.
    #[serde(flatten)]
    pub extra: Extra,
}

crate::sent::wire_struct! {
    /// Wire `{"type": "modal", "title"?: string, "content": [Layout]}`.
    ModalBehavior {
        /// Wire `title`.
        title: Option<String>,
        /// Wire `content`: the modal's layout.
        content: Vec<Layout>,
    }
}

/// Wire `{"type": "refresh", "url"?: string}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RefreshBehavior {
    /// Wire `url`: where to refresh from; the step's `refreshUrl` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Unknown members.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Wire `{"type": "subflow", referrerId, launchConfig, resultKey?, onCompletion?, onError?}`;
/// also the body of a `subflow` response (spec §5.3).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SubflowBehavior {
    /// Wire `referrerId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referrer_id: Option<String>,
    /// Wire `launchConfig`: how to start the nested flow (see [`LaunchConfig`]).
    #[serde(
        default,
        deserialize_with = "crate::serde_util::present",
        skip_serializing_if = "Option::is_none"
    )]
    pub launch_config: Option<Value>,
    /// Wire `resultKey`: where the nested result is merged into `onCompletion`'s payload.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_key: Option<String>,
    /// Wire `onCompletion`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_completion: Option<Box<Behavior>>,
    /// Wire `onError`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_error: Option<Box<Behavior>>,
    /// Unknown members.
    #[serde(flatten)]
    pub extra: Extra,
}

impl SubflowBehavior {
    /// The launch configuration, read as a [`LaunchConfig`].
    pub fn launch(&self) -> LaunchConfig {
        LaunchConfig::from_value(self.launch_config.as_ref())
    }
}

/// A subflow's `launchConfig`, read leniently.
///
/// `{"type": "dynamic", "request": {url, method, data}}` runs a nested Dynamic
/// Flow in the engine; anything else is handed to the host.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum LaunchConfig {
    /// `type: "dynamic"` with an initial request.
    Dynamic {
        /// The nested flow's initial request.
        request: Action,
        /// The presentation hint (`presentation.type`), if any.
        presentation: Option<String>,
    },
    /// Any other launch configuration, for the host.
    Other(Value),
}

impl LaunchConfig {
    /// Reads a raw `launchConfig` value.
    pub fn from_value(value: Option<&Value>) -> Self {
        let Some(value) = value else { return LaunchConfig::Other(Value::Null) };
        let is_dynamic = value.get("type").and_then(Value::as_str) == Some("dynamic");
        let request = value.get("request").cloned().and_then(|r| serde_json::from_value::<Action>(r).ok());
        match (is_dynamic, request) {
            (true, Some(request)) => LaunchConfig::Dynamic {
                request,
                presentation: value.pointer("/presentation/type").and_then(Value::as_str).map(str::to_owned),
            },
            _ => LaunchConfig::Other(value.clone()),
        }
    }
}
