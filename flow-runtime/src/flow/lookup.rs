//! Finding things in a step: the behavior that triggers an action by its
//! `id` ([`find_action`]) and the link handler for an incoming link
//! ([`match_link`]).

use flow_model::Pattern;

use flow_model::layout::Layout;
use flow_model::{Action, Step};

fn walk<'a>(layouts: &'a [Layout], id: &str) -> Option<Action> {
    for layout in layouts {
        // The model's own list of every trigger in the component (buttons,
        // options, every call to action, the 1.x review action).
        for behavior in layout.triggers().iter().filter_map(|t| t.resolve()) {
            if let Some(action) = behavior.as_action().filter(|a| a.id.as_deref() == Some(id)) {
                return Some(action.clone());
            }
        }
        let children: Vec<&'a Layout> = layout.children().into_iter().map(|(_, c)| c).collect();
        for child in children {
            if let Some(found) = walk(std::slice::from_ref(child), id) {
                return Some(found);
            }
        }
    }
    None
}

/// The action with this `id` in the step's layout (every trigger
/// [`Layout::triggers`] lists: buttons, decision options, calls to action of
/// alerts, lists, list items, reviews, review fields, sections, status-list
/// items, progress and upsell, the 1.x review action; in nested boxes, columns,
/// sections, tabs and modals), in document order; then the step's
/// `navigation.back` action.
///
/// ```
/// let step: flow_model::Step = serde_json::from_value(serde_json::json!({
///     "id": "s", "layout": [{"type": "box", "components": [
///         {"type": "button", "title": "Go", "behavior": {"type": "action", "action": {"id": "go", "url": "/go"}}}
///     ]}]
/// }))?;
/// let action = flow_runtime::flow::lookup::find_action(&step, "go").unwrap();
/// assert_eq!(action.url.as_deref(), Some("/go"));
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn find_action(step: &Step, id: &str) -> Option<Action> {
    walk(step.layout(), id).or_else(|| {
        let back = step.navigation.as_ref()?.back.as_ref()?;
        (back.action.id.as_deref() == Some(id)).then(|| back.action.clone())
    })
}

/// The outcome of matching a link against a step's `linkHandlers`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct LinkMatch {
    /// The first handler's action whose pattern matched, if any.
    pub action: Option<Action>,
    /// Patterns that do not compile (`(index, message)`), skipped.
    pub invalid: Vec<(usize, String)>,
}

/// The action of the first link handler whose `regexPattern` matches `link`
/// (an unanchored search, as the patterns are written for); patterns that do
/// not compile are skipped and reported.
///
/// ```
/// let step: flow_model::Step = serde_json::from_value(serde_json::json!({
///     "id": "s", "layout": [],
///     "linkHandlers": [{"regexPattern": "^myapp://done", "action": {"url": "/done"}}]
/// }))?;
/// let found = flow_runtime::flow::lookup::match_link(&step, "myapp://done?ok=1");
/// assert_eq!(found.action.and_then(|a| a.url).as_deref(), Some("/done"));
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn match_link(step: &Step, link: &str) -> LinkMatch {
    let mut invalid = Vec::new();
    for (i, handler) in step.link_handlers().iter().enumerate() {
        match Pattern::new(&handler.regex_pattern) {
            Ok(regex) if regex.is_match(link) => {
                return LinkMatch { action: Some(handler.action.clone()), invalid };
            }
            Ok(_) => {}
            Err(error) => invalid.push((i, error.to_string())),
        }
    }
    LinkMatch { action: None, invalid }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn step(value: serde_json::Value) -> Step {
        serde_json::from_value(value).unwrap()
    }

    fn action(id: &str, url: &str) -> serde_json::Value {
        json!({"id": id, "url": url})
    }

    #[test]
    fn finds_actions_in_every_call_to_action_the_model_knows() {
        let cta = |id: &str| json!({"title": "Go", "behavior": {"type": "action", "action": action(id, &format!("/{id}"))}});
        let s = step(json!({"id": "s", "layout": [
            {"type": "alert", "markdown": "m", "callToAction": cta("alert")},
            {"type": "list", "items": [{"title": "i", "callToAction": cta("list-item")}]},
            {"type": "review", "fields": [{"label": "l", "value": "v", "callToAction": cta("review-field")}]},
            {"type": "status-list", "items": [{"title": "t", "callToAction": cta("status-item")}]}
        ]}));
        for id in ["alert", "list-item", "review-field", "status-item"] {
            let url = format!("/{id}");
            assert_eq!(find_action(&s, id).and_then(|a| a.url), Some(url), "{id}");
        }
    }

    #[test]
    fn finds_actions_everywhere() {
        let s = step(json!({"id": "s", "layout": [
            {"type": "paragraph", "text": "x"},
            {"type": "button", "title": "1.x", "action": action("legacy", "/legacy")},
            {"type": "decision", "options": [
                {"title": "A", "behavior": {"type": "action", "action": action("opt-a", "/a")}},
                {"title": "B", "action": action("opt-b", "/b")}]},
            {"type": "columns", "left": [], "right": [
                {"type": "section", "components": [], "callToAction": {"title": "More",
                    "behavior": {"type": "action", "action": action("cta", "/cta")}}}]},
            {"type": "tabs", "tabs": [{"title": "T", "components": [
                {"type": "review", "fields": [], "action": action("edit", "/edit")}]}]},
            {"type": "modal", "content": {"components": [
                {"type": "list", "items": [], "callToAction": {"title": "L", "action": action("in-modal", "/m")}}]}},
            {"type": "button", "title": "link", "behavior": {"type": "link", "url": "https://x"}}
        ], "navigation": {"back": {"action": action("back", "/back")}}}));
        for (id, url) in [
            ("legacy", "/legacy"),
            ("opt-a", "/a"),
            ("opt-b", "/b"),
            ("cta", "/cta"),
            ("edit", "/edit"),
            ("in-modal", "/m"),
            ("back", "/back"),
        ] {
            assert_eq!(find_action(&s, id).and_then(|a| a.url).as_deref(), Some(url), "{id}");
        }
        assert!(find_action(&s, "nope").is_none());
    }

    #[test]
    fn first_match_in_document_order_wins() {
        let s = step(json!({"id": "s", "layout": [
            {"type": "box", "components": [{"type": "button", "action": action("dup", "/first")}]},
            {"type": "button", "action": action("dup", "/second")}
        ]}));
        assert_eq!(find_action(&s, "dup").and_then(|a| a.url).as_deref(), Some("/first"));
    }

    #[test]
    fn link_handlers_first_match_and_invalid_patterns() {
        let s = step(json!({"id": "s", "layout": [], "linkHandlers": [
            {"regexPattern": "((", "action": {"url": "/broken"}},
            {"regexPattern": "/callback/success", "action": {"url": "/ok"}},
            {"regexPattern": "/callback/", "action": {"url": "/any"}}
        ]}));
        let m = match_link(&s, "https://app.example/callback/success?x=1");
        assert_eq!(m.action.and_then(|a| a.url).as_deref(), Some("/ok"));
        assert_eq!(m.invalid.len(), 1);
        assert_eq!(m.invalid[0].0, 0);
        let m = match_link(&s, "https://app.example/callback/failure");
        assert_eq!(m.action.and_then(|a| a.url).as_deref(), Some("/any"));
        assert!(match_link(&s, "https://elsewhere").action.is_none());
        assert!(match_link(&step(json!({"id": "s", "layout": []})), "x").action.is_none());
    }

    #[test]
    fn link_handlers_are_ecma_262() {
        let s = step(json!({"id": "s", "layout": [], "linkHandlers": [
            {"regexPattern": "^myapp://done(?!.*error=)", "action": {"url": "/ok"}},
            {"regexPattern": "^myapp://done", "action": {"url": "/failed"}}
        ]}));
        assert_eq!(match_link(&s, "myapp://done?id=1").action.and_then(|a| a.url).as_deref(), Some("/ok"));
        let failed = match_link(&s, "myapp://done?error=denied");
        assert_eq!(failed.action.and_then(|a| a.url).as_deref(), Some("/failed"));
        assert!(failed.invalid.is_empty());
    }
}
