//! The `extra(key, value)` escape hatch: sets any member by its wire name.
//!
//! A member the model does not know goes to the object's unknown-member map;
//! a member it knows is read into its typed field (so it must have the
//! field's shape). Either way the author is never blocked by a builder that
//! lags the model, and what was set survives the JSON round trip. Only the
//! members that pick the kind (`type`, a schema's `oneOf`/`allOf`/`const`)
//! are refused: changing them would change what is being built.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use flow_model::layout::{
    AlertLayout, BoxLayout, ButtonLayout, CallToAction, ColumnsLayout, DecisionLayout, DecisionOption,
    DividerLayout, FormLayout, HeadingLayout, ImageLayout, InfoLayout, InstructionItem, InstructionsLayout,
    ListItem, ListLayout, LoadingIndicatorLayout, MarkdownLayout, MediaLayout, ModalContent, ModalLayout,
    ModalTrigger, ParagraphLayout, ProgressLayout, ReviewField, ReviewLayout, SearchLayout, SectionLayout,
    StatusListItem, StatusListLayout, Tab, TabsLayout, UpsellLayout,
};
use flow_model::schema::{
    AllOfSchema, ArraySchema, BlobSchema, BooleanSchema, ConstSchema, Help, NumberSchema, ObjectSchema,
    OneOfSchema, PersistAsync, StringSchema, TupleArraySchema, ValidationAsync,
};
use flow_model::{
    Action, ActionBehavior, ActionResponseBody, ActionSearchResult, CopyBehavior, DismissBehavior,
    ErrorResponseBody, External, LinkBehavior, LinkHandler, ModalBehavior, ModalResponseBody, Navigation,
    NavigationBack, OnError, Polling, RefreshBehavior, SearchResponseBody, SearchSearchResult, Step,
    StepErrors, SubflowBehavior,
};

use crate::issues::{member, Issues};

/// A model object whose members `extra` can set.
pub(crate) trait Members: Serialize + DeserializeOwned {
    /// Members that pick the variant of the enclosing enum (`type`, `oneOf`…).
    const TAGS: &'static [&'static str];
}

macro_rules! members {
    ($tags:tt $($ty:ty),* $(,)?) => {
        $(impl Members for $ty {
            const TAGS: &'static [&'static str] = &$tags;
        })*
    };
}

members!([] Step, StepErrors, External, LinkHandler, Navigation, NavigationBack, Action, Polling, OnError);
members!([] ActionResponseBody, ErrorResponseBody, ModalResponseBody, SearchResponseBody);
members!([] DecisionOption, InstructionItem, ListItem, CallToAction, ModalContent, ModalTrigger, ReviewField);
members!([] StatusListItem, Tab, Help, PersistAsync, ValidationAsync);
members!(["type"] ActionBehavior, LinkBehavior, CopyBehavior, DismissBehavior, ModalBehavior, RefreshBehavior);
members!(["type"] SubflowBehavior, ActionSearchResult, SearchSearchResult);
members!(["type"] AlertLayout, BoxLayout, ButtonLayout, ColumnsLayout, DecisionLayout, DividerLayout, FormLayout);
members!(["type"] HeadingLayout, ImageLayout, InfoLayout, InstructionsLayout, ListLayout, LoadingIndicatorLayout);
members!(["type"] MarkdownLayout, MediaLayout, ModalLayout, ParagraphLayout, ProgressLayout, ReviewLayout);
members!(["type"] SearchLayout, SectionLayout, StatusListLayout, TabsLayout, UpsellLayout);
members!(["type", "oneOf", "allOf", "const"] ObjectSchema, ArraySchema, TupleArraySchema, StringSchema);
members!(["type", "oneOf", "allOf", "const"] NumberSchema, BooleanSchema, BlobSchema, OneOfSchema, AllOfSchema);
members!(["type", "oneOf", "allOf", "const"] ConstSchema);

/// Sets the member `key` of `target` to `value` (see the module docs), or
/// records why it cannot be set.
pub(crate) fn set_extra<T: Members>(target: &mut T, issues: &mut Issues, key: String, value: Value) {
    let at = member(&key);
    issues.clear(&at);
    if T::TAGS.contains(&key.as_str()) {
        issues.add(at, format!("{key:?} names the kind being built; it cannot be set with extra()"));
        return;
    }
    let mut object = match serde_json::to_value(&*target) {
        Ok(Value::Object(object)) => object,
        Ok(_) | Err(_) => {
            issues.add(at, "this object cannot take members through extra()");
            return;
        }
    };
    object.insert(key, value);
    match serde_json::from_value::<T>(Value::Object(object)) {
        Ok(updated) => *target = updated,
        Err(e) => issues.add(at, format!("not a valid value for this member: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn set<T: Members>(target: &mut T, key: &str, value: Value) -> Issues {
        let mut issues = Issues::default();
        set_extra(target, &mut issues, key.to_owned(), value);
        issues
    }

    #[test]
    fn unknown_members_go_to_extra_and_known_ones_to_their_field() {
        let mut step = Step::default();
        assert_eq!(set(&mut step, "shiny", json!(true)), Issues::default());
        assert_eq!(step.extra["shiny"], true);
        assert_eq!(set(&mut step, "title", json!("Hi")), Issues::default());
        assert_eq!(step.title.as_deref(), Some("Hi"));
        assert!(!step.extra.contains_key("title"));
        // null unsets a known option.
        assert_eq!(set(&mut step, "title", Value::Null), Issues::default());
        assert_eq!(step.title, None);
    }

    #[test]
    fn a_known_member_must_have_its_shape_and_tags_are_refused() {
        let mut link = LinkBehavior::default();
        let issues = set(&mut link, "url", json!(5));
        assert_ne!(issues, Issues::default());
        assert_eq!(link.url, "", "the target is left as it was");
        assert_ne!(set(&mut link, "type", json!("copy")), Issues::default());
        let mut schema = StringSchema::default();
        assert_ne!(set(&mut schema, "const", json!(1)), Issues::default());
        assert_eq!(set(&mut schema, "$id", json!("name")), Issues::default());
        assert_eq!(schema.id.as_deref(), Some("name"));
    }
}
