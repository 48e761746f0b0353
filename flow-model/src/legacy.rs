//! Members of the earliest 1.x steps, sent before steps had a `layout`: a
//! step `type` (`form`, `decision`, `final`) with `reviewFields`, `actions`,
//! `options` or `action`. [`crate::normalize`] turns them into layouts.

use serde_json::Value;

/// Whether a step `type` is one of the pre-layout 1.x kinds (`form`,
/// `decision`, `final`) whose layout [`crate::Step::normalize`] builds.
pub fn is_pre_layout_step_type(kind: &str) -> bool {
    matches!(kind, "form" | "decision" | "final")
}

crate::sent::wire_struct! {
    /// Wire `reviewFields` of a 1.x form step: `{title?, fields: [{title, value}]}`.
    LegacyReview {
        /// Wire `title`.
        title: Option<String>,
        /// Wire `fields`.
        fields: Vec<LegacyReviewField>,
    }
}

crate::sent::wire_struct! {
    /// Wire `reviewFields.fields[]`: `{title, value}`.
    LegacyReviewField {
        /// Wire `title`: the label.
        title: String,
        /// Wire `value`.
        value: String,
    }
}

crate::sent::wire_struct! {
    /// Wire `options[]` of a 1.x decision step: `{title, description?, url, method?, disabled?}`.
    LegacyOption {
        /// Wire `title`.
        title: String,
        /// Wire `description`.
        description: Option<String>,
        /// Wire `url`: where choosing the option goes (GET when `method` is absent).
        url: Option<String>,
        /// Wire `method`.
        method: Option<String>,
        /// Wire `data`: sent with the request.
        data: Option<Value>,
        /// Wire `disabled`.
        disabled: Option<bool>,
        /// Wire `enabled` (some 1.x servers sent this instead of `disabled`).
        enabled: Option<bool>,
    }
}

impl LegacyOption {
    /// Whether the option can be chosen: not `disabled`, not `enabled: false`.
    pub fn is_disabled(&self) -> bool {
        self.disabled == Some(true) || self.enabled == Some(false)
    }
}
