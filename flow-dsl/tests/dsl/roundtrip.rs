//! The DSL's guarantee, as properties over generated builder programs:
//! build → JSON → `flow_model::parse` → equal, with no `null` member for an
//! option never set; and, for junk input, a build that fails with located
//! problems instead of panicking.

use flow_dsl::prelude::*;
use flow_dsl::{ActionBuilder, BehaviorBuilder, LayoutBuilder, SchemaBuilder, StepBuilder};
use proptest::collection::{btree_map, vec};
use proptest::option::of;
use proptest::prelude::*;
use serde_json::Value;

/// Generation mode: `valid` programs must build; `junk` ones may not.
#[derive(Debug, Clone, Copy)]
struct Mode {
    junk: bool,
}

fn text(mode: Mode) -> BoxedStrategy<String> {
    if mode.junk {
        prop_oneof![Just(String::new()), "\\PC{0,6}"].boxed()
    } else {
        "[a-zA-Z0-9~/é€\\-][a-zA-Z0-9 ~/é€\\-]{0,9}".boxed()
    }
}

/// Keys for `extra`: always unknown to the model when valid; in junk mode
/// also names the model knows.
fn key(mode: Mode) -> BoxedStrategy<String> {
    if mode.junk {
        prop_oneof![
            "x-[a-z~/]{0,5}",
            prop::sample::select(vec!["title", "type", "url", "$id", "const", "action", "text", "id"])
                .prop_map(str::to_owned)
        ]
        .boxed()
    } else {
        "x-[a-z~/]{0,5}".boxed()
    }
}

/// JSON without `null` (valid) or any JSON (junk), floats included.
fn json(mode: Mode) -> BoxedStrategy<Value> {
    let float = if mode.junk {
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)).boxed()
    } else {
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from).boxed()
    };
    let leaf = prop_oneof![
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        float,
        "\\PC{0,8}".prop_map(Value::from),
    ];
    leaf.prop_recursive(2, 12, 3, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..3).prop_map(Value::Array),
            btree_map("[a-z]{1,4}", inner, 0..3).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
    .boxed()
}

fn extras(mode: Mode) -> BoxedStrategy<Vec<(String, Value)>> {
    vec((key(mode), json(mode)), 0..2).boxed()
}

fn size() -> impl Strategy<Value = Size> {
    prop::sample::select(vec![Size::Xs, Size::Sm, Size::Md, Size::Lg, Size::Xl])
}

fn context() -> impl Strategy<Value = Context> {
    prop::sample::select(vec![Context::Positive, Context::Negative, Context::Neutral, Context::Warning])
}

fn align() -> impl Strategy<Value = Align> {
    prop::sample::select(vec![Align::Left, Align::Center, Align::Right])
}

#[derive(Debug, Clone)]
struct ActionSpec {
    url: Option<String>,
    method: Option<String>,
    data: Option<Value>,
    exit: bool,
    result: Option<Value>,
    id: Option<String>,
    skip_validation: Option<bool>,
    timeout: Option<i64>,
    extra: Vec<(String, Value)>,
}

fn action(mode: Mode) -> BoxedStrategy<ActionSpec> {
    (
        of(text(mode)),
        of(prop::sample::select(vec!["GET", "POST", "PUT", "PATCH"]).prop_map(str::to_owned)),
        of(json(mode)),
        any::<bool>(),
        of(json(mode)),
        of(text(mode)),
        of(any::<bool>()),
        of(if mode.junk { any::<i64>().boxed() } else { (1i64..600).boxed() }),
        extras(mode),
    )
        .prop_map(move |(url, method, data, exit, result, id, skip_validation, timeout, extra)| {
            // A valid action without url must exit.
            let exit = exit || (!mode.junk && url.is_none());
            ActionSpec { url, method, data, exit, result, id, skip_validation, timeout, extra }
        })
        .boxed()
}

fn apply_action(a: &mut ActionBuilder, spec: &ActionSpec) {
    if let Some(url) = &spec.url {
        a.url(url);
    }
    if let Some(method) = &spec.method {
        a.method(method);
    }
    if let Some(data) = &spec.data {
        a.data(data.clone());
    }
    if spec.exit {
        a.exit(true);
    }
    if let Some(result) = &spec.result {
        a.result(result.clone());
    }
    if let Some(id) = &spec.id {
        a.id(id);
    }
    if let Some(skip) = spec.skip_validation {
        a.skip_validation(skip);
    }
    if let Some(timeout) = spec.timeout {
        a.timeout(timeout);
    }
    for (k, v) in &spec.extra {
        a.extra(k, v.clone());
    }
}

#[derive(Debug, Clone)]
enum BehaviorSpec {
    Action(ActionSpec),
    Link(String),
    Copy(String),
    Dismiss,
    Modal(Option<String>, Vec<String>),
    Refresh(Option<String>),
    Subflow {
        referrer: String,
        result_key: Option<String>,
        launch: ActionSpec,
        on_completion: Option<Box<BehaviorSpec>>,
    },
    Raw(String, Value),
}

fn behavior(mode: Mode) -> BoxedStrategy<BehaviorSpec> {
    let leaf = prop_oneof![
        action(mode).prop_map(BehaviorSpec::Action),
        text(mode).prop_map(BehaviorSpec::Link),
        text(mode).prop_map(BehaviorSpec::Copy),
        Just(BehaviorSpec::Dismiss),
        (of(text(mode)), vec(text(mode), 0..3)).prop_map(|(t, c)| BehaviorSpec::Modal(t, c)),
        of(text(mode)).prop_map(BehaviorSpec::Refresh),
        ("[a-z]{1,6}", json(mode)).prop_map(|(k, v)| BehaviorSpec::Raw(k, v)),
    ];
    leaf.prop_recursive(2, 6, 1, move |inner| {
        // A dynamic launch's request always has a url.
        let launch = (action(mode), text(mode)).prop_map(|(mut a, url)| {
            a.url = Some(url);
            a
        });
        (text(mode), of(text(mode)), launch, of(inner)).prop_map(|(referrer, result_key, launch, next)| {
            BehaviorSpec::Subflow { referrer, result_key, launch, on_completion: next.map(Box::new) }
        })
    })
    .boxed()
}

fn apply_behavior(b: &mut BehaviorBuilder, spec: &BehaviorSpec) {
    match spec {
        BehaviorSpec::Action(a) => {
            b.action(|x| apply_action(x, a));
        }
        BehaviorSpec::Link(url) => {
            b.link(url);
        }
        BehaviorSpec::Copy(content) => {
            b.copy(content);
        }
        BehaviorSpec::Dismiss => {
            b.dismiss();
        }
        BehaviorSpec::Modal(title, paragraphs) => {
            b.modal(|m| {
                if let Some(title) = title {
                    m.title(title);
                }
                m.content(|l| {
                    for p in paragraphs {
                        l.paragraph(p);
                    }
                });
            });
        }
        BehaviorSpec::Refresh(None) => {
            b.refresh();
        }
        BehaviorSpec::Refresh(Some(url)) => {
            b.refresh_from(url);
        }
        BehaviorSpec::Subflow { referrer, result_key, launch, on_completion } => {
            b.subflow(|s| {
                s.referrer_id(referrer).dynamic(|a| apply_action(a, launch)).presentation("push");
                if let Some(key) = result_key {
                    s.result_key(key);
                }
                if let Some(next) = on_completion {
                    s.on_completion_with(|b| apply_behavior(b, next));
                }
            });
        }
        BehaviorSpec::Raw(kind, payload) => {
            b.raw(serde_json::json!({"type": format!("x-{kind}"), "payload": payload}));
        }
    }
}

#[derive(Debug, Clone)]
struct Common {
    margin: Option<Size>,
    control: Option<String>,
    analytics_id: Option<String>,
    extra: Vec<(String, Value)>,
}

fn common(mode: Mode) -> BoxedStrategy<Common> {
    (of(size()), of(text(mode)), of(text(mode)), extras(mode))
        .prop_map(|(margin, control, analytics_id, extra)| Common { margin, control, analytics_id, extra })
        .boxed()
}

macro_rules! apply_common {
    ($builder:expr, $common:expr) => {{
        let b = $builder;
        let c: &Common = $common;
        if let Some(m) = &c.margin {
            b.margin(m.clone());
        }
        if let Some(x) = &c.control {
            b.control(x);
        }
        if let Some(x) = &c.analytics_id {
            b.analytics_id(x);
        }
        for (k, v) in &c.extra {
            b.extra(k, v.clone());
        }
    }};
}

#[derive(Debug, Clone)]
enum Kind {
    Alert(String, Option<Context>),
    Paragraph(String, Option<Align>),
    Heading(String, Option<Size>),
    Markdown(String),
    Info(String),
    Divider,
    Loading(Option<Size>),
    Image(String, Option<String>),
    Form(usize, bool),
    Button { title: String, behavior: BehaviorSpec, legacy: bool },
    Decision(Vec<(String, BehaviorSpec)>),
    List(Vec<(String, Option<String>)>, Option<(String, BehaviorSpec)>),
    Instructions(Vec<(String, Option<Context>)>),
    Review(Vec<(String, String)>),
    StatusList(Vec<(String, Option<String>)>),
    Search(String, String, String),
    Raw(String, Value),
    Media(Value),
    Progress(f64, Option<String>),
    Upsell(String, String, BehaviorSpec),
    Box(Vec<(Kind, Common)>),
    Columns(Vec<(Kind, Common)>, Vec<(Kind, Common)>),
    Section(Option<String>, Vec<(Kind, Common)>),
    Tabs(Vec<(String, Vec<(Kind, Common)>)>),
    Modal(Option<String>, Vec<(Kind, Common)>),
}

fn layout(mode: Mode) -> BoxedStrategy<(Kind, Common)> {
    let t = move || text(mode);
    let leaf = prop_oneof![
        (t(), of(context())).prop_map(|(a, b)| Kind::Alert(a, b)),
        (t(), of(align())).prop_map(|(a, b)| Kind::Paragraph(a, b)),
        (t(), of(size())).prop_map(|(a, b)| Kind::Heading(a, b)),
        t().prop_map(Kind::Markdown),
        t().prop_map(Kind::Info),
        Just(Kind::Divider),
        of(size()).prop_map(Kind::Loading),
        (t(), of(t())).prop_map(|(a, b)| Kind::Image(a, b)),
        (0usize..4, any::<bool>()).prop_map(|(a, b)| Kind::Form(a, b)),
        (t(), behavior(mode), any::<bool>()).prop_map(|(title, behavior, legacy)| Kind::Button {
            title,
            behavior,
            legacy
        }),
        vec((t(), behavior(mode)), 0..3).prop_map(Kind::Decision),
        (vec((t(), of(t())), 0..3), of((t(), behavior(mode)))).prop_map(|(a, b)| Kind::List(a, b)),
        vec((t(), of(context())), 0..3).prop_map(Kind::Instructions),
        vec((t(), t()), 0..3).prop_map(Kind::Review),
        vec((t(), of(t())), 0..3).prop_map(Kind::StatusList),
        (t(), t(), t()).prop_map(|(a, b, c)| Kind::Search(a, b, c)),
        ("[a-z]{1,6}", json(mode)).prop_map(|(k, v)| Kind::Raw(k, v)),
        btree_map("[a-z]{1,4}", json(mode), 0..3)
            .prop_map(|m| Kind::Media(Value::Object(m.into_iter().collect()))),
        (if mode.junk { any::<f64>().boxed() } else { (0.0f64..=1.0).boxed() }, of(t()))
            .prop_map(|(p, text)| Kind::Progress(p, text)),
        (t(), t(), behavior(mode)).prop_map(|(text, title, b)| Kind::Upsell(text, title, b)),
    ];
    let leaf = (leaf, common(mode));
    leaf.prop_recursive(3, 24, 3, move |inner| {
        let list = vec(inner.clone(), 0..3);
        (
            prop_oneof![
                list.clone().prop_map(Kind::Box),
                (list.clone(), list.clone()).prop_map(|(a, b)| Kind::Columns(a, b)),
                (of(t()), list.clone()).prop_map(|(a, b)| Kind::Section(a, b)),
                vec((t(), list.clone()), 0..3).prop_map(Kind::Tabs),
                (of(t()), list).prop_map(|(a, b)| Kind::Modal(a, b)),
            ],
            common(mode),
        )
    })
    .boxed()
}

fn apply_layouts(l: &mut LayoutBuilder, specs: &[(Kind, Common)], schema_ids: &[String]) {
    for spec in specs {
        apply_layout(l, spec, schema_ids);
    }
}

fn apply_layout(l: &mut LayoutBuilder, (kind, c): &(Kind, Common), ids: &[String]) {
    match kind {
        Kind::Alert(text, context) => {
            let b = l.alert(text);
            if let Some(x) = context {
                b.context(x.clone());
            }
            apply_common!(b, c);
        }
        Kind::Paragraph(text, align) => {
            let b = l.paragraph(text);
            if let Some(x) = align {
                b.align(x.clone());
            }
            apply_common!(b, c);
        }
        Kind::Heading(text, size) => {
            let b = l.heading(text);
            if let Some(x) = size {
                b.size(x.clone());
            }
            apply_common!(b, c);
        }
        Kind::Markdown(text) => apply_common!(l.markdown(text), c),
        Kind::Info(text) => apply_common!(l.info(text), c),
        Kind::Divider => apply_common!(l.divider(), c),
        Kind::Loading(size) => {
            let b = l.loading_indicator();
            if let Some(x) = size {
                b.size(x.clone());
            }
            apply_common!(b, c);
        }
        Kind::Image(url, alt) => {
            let b = l.image(url);
            if let Some(x) = alt {
                b.accessibility_description(x);
            }
            apply_common!(b, c);
        }
        Kind::Form(index, legacy) => match ids.get(index % ids.len().max(1)) {
            Some(id) if *legacy => apply_common!(l.form_ref(id), c),
            Some(id) => apply_common!(l.form(id), c),
            None => apply_common!(l.divider(), c),
        },
        Kind::Button { title, behavior, legacy } => apply_common!(
            l.button(|b| {
                match (legacy, behavior) {
                    (true, BehaviorSpec::Action(a)) => {
                        b.action(|x| {
                            apply_action(x, a);
                            x.title(title);
                        });
                    }
                    _ => {
                        b.title(title).behavior_with(|x| apply_behavior(x, behavior));
                    }
                }
            }),
            c
        ),
        Kind::Decision(options) => apply_common!(
            l.decision(|d| {
                for (title, behavior) in options {
                    d.option(title).behavior_with(|x| apply_behavior(x, behavior));
                }
            }),
            c
        ),
        Kind::List(items, cta) => apply_common!(
            l.list(|list| {
                for (title, description) in items {
                    let item = list.item(title);
                    if let Some(d) = description {
                        item.description(d);
                    }
                }
                if let Some((title, behavior)) = cta {
                    list.call_to_action(title).behavior_with(|x| apply_behavior(x, behavior));
                }
            }),
            c
        ),
        Kind::Instructions(items) => apply_common!(
            l.instructions(|i| {
                for (text, context) in items {
                    let item = i.item(text);
                    if let Some(x) = context {
                        item.context(x.clone());
                    }
                }
            }),
            c
        ),
        Kind::Review(fields) => apply_common!(
            l.review(|r| {
                for (label, value) in fields {
                    r.field(label, value);
                }
            }),
            c
        ),
        Kind::StatusList(items) => apply_common!(
            l.status_list(|s| {
                for (title, status) in items {
                    let item = s.item(title);
                    if let Some(x) = status {
                        item.status(x);
                    }
                }
            }),
            c
        ),
        Kind::Search(title, url, param) => apply_common!(
            l.search(|s| {
                s.title(title).url(url).param(param);
            }),
            c
        ),
        Kind::Raw(kind, payload) => {
            l.raw(serde_json::json!({"type": format!("x-{kind}"), "payload": payload}));
        }
        Kind::Media(media) => apply_common!(l.media(media.clone()), c),
        Kind::Progress(progress, text) => {
            let b = l.progress(*progress);
            if let Some(t) = text {
                b.progress_text(t);
            }
            apply_common!(b, c);
        }
        Kind::Upsell(text, title, behavior) => {
            let b = l.upsell(text);
            b.call_to_action(title).behavior_with(|x| apply_behavior(x, behavior));
            apply_common!(b, c);
        }
        Kind::Box(children) => apply_common!(
            l.box_(|b| {
                b.components(|x| apply_layouts(x, children, ids));
            }),
            c
        ),
        Kind::Columns(left, right) => apply_common!(
            l.columns(|b| {
                b.left(|x| apply_layouts(x, left, ids)).right(|x| apply_layouts(x, right, ids));
            }),
            c
        ),
        Kind::Section(title, children) => apply_common!(
            l.section(|s| {
                if let Some(t) = title {
                    s.title(t);
                }
                s.components(|x| apply_layouts(x, children, ids));
            }),
            c
        ),
        Kind::Tabs(tabs) => apply_common!(
            l.tabs(|t| {
                for (title, children) in tabs {
                    t.tab(title).components(|x| apply_layouts(x, children, ids));
                }
            }),
            c
        ),
        Kind::Modal(title, children) => apply_common!(
            l.modal(|m| {
                if let Some(t) = title {
                    m.title(t);
                }
                m.content(|x| {
                    x.components(|y| apply_layouts(y, children, ids));
                });
            }),
            c
        ),
    }
}

/// A schema, its optional title and its extra members.
type SchemaEntry = (SchemaSpec, Option<String>, Vec<(String, Value)>);

#[derive(Debug, Clone)]
enum SchemaSpec {
    String(Option<u64>, Option<u64>, Option<String>),
    Number(f64, f64),
    Integer(i64, i64),
    Boolean(Option<bool>),
    Blob(Vec<String>),
    Const(Value),
    OneOf(Vec<Value>),
    Object(std::collections::BTreeMap<String, SchemaSpec>, bool),
    Array(Box<SchemaSpec>),
    AllOf(Vec<SchemaSpec>),
    Tuple(Vec<SchemaSpec>),
}

fn schema(mode: Mode) -> BoxedStrategy<SchemaEntry> {
    let float = move || {
        if mode.junk {
            any::<f64>().boxed()
        } else {
            any::<f64>().prop_filter("finite", |f| f.is_finite()).boxed()
        }
    };
    let leaf = prop_oneof![
        (of(0u64..50), of(0u64..50), of(text(mode))).prop_map(move |(a, b, f)| match (a, b) {
            (Some(a), Some(b)) if !mode.junk => SchemaSpec::String(Some(a.min(b)), Some(a.max(b)), f),
            _ => SchemaSpec::String(a, b, f),
        }),
        (float(), float()).prop_map(move |(a, b)| if mode.junk {
            SchemaSpec::Number(a, b)
        } else {
            SchemaSpec::Number(a.min(b), a.max(b))
        }),
        (any::<i64>(), any::<i64>()).prop_map(move |(a, b)| if mode.junk {
            SchemaSpec::Integer(a, b)
        } else {
            SchemaSpec::Integer(a.min(b), a.max(b))
        }),
        of(any::<bool>()).prop_map(SchemaSpec::Boolean),
        vec("[a-z]{1,5}/[a-z]{1,5}", 0..3).prop_map(SchemaSpec::Blob),
        json(mode).prop_map(SchemaSpec::Const),
        vec(json(mode), if mode.junk { 0..3 } else { 1..3 }).prop_map(SchemaSpec::OneOf),
    ];
    leaf.prop_recursive(2, 10, 3, move |inner| {
        prop_oneof![
            (btree_map("[a-z]{1,5}", inner.clone(), 0..3), any::<bool>())
                .prop_map(|(p, r)| SchemaSpec::Object(p, r)),
            inner.clone().prop_map(|s| SchemaSpec::Array(Box::new(s))),
            vec(inner.clone(), if mode.junk { 0..3 } else { 1..3 }).prop_map(SchemaSpec::AllOf),
            vec(inner, 1..3).prop_map(SchemaSpec::Tuple),
        ]
    })
    .prop_flat_map(move |s| (Just(s), of(text(mode)), extras(mode)))
    .boxed()
}

fn apply_schema(sc: &mut SchemaBuilder, (spec, title, extra): &SchemaEntry, id: Option<&str>) {
    macro_rules! common {
        ($b:expr) => {{
            let b = $b;
            if let Some(id) = id {
                b.id(id);
            }
            if let Some(t) = title {
                b.title(t);
            }
            for (k, v) in extra {
                b.extra(k, v.clone());
            }
        }};
    }
    match spec {
        SchemaSpec::String(min, max, format) => common!(sc.string(|s| {
            if let Some(x) = min {
                s.min_length(*x);
            }
            if let Some(x) = max {
                s.max_length(*x);
            }
            if let Some(x) = format {
                s.format(x);
            }
        })),
        SchemaSpec::Number(min, max) => common!(sc.number(|n| {
            n.minimum(*min).maximum(*max);
        })),
        SchemaSpec::Integer(min, max) => common!(sc.integer(|n| {
            n.minimum(*min).maximum(*max).default_value(*min);
        })),
        SchemaSpec::Boolean(default) => common!(sc.boolean(|b| {
            if let Some(d) = default {
                b.default_value(*d);
            }
        })),
        SchemaSpec::Blob(accepts) => common!(sc.blob(|b| {
            b.accepts(accepts.clone()).max_size(1024);
        })),
        SchemaSpec::Const(value) => common!(sc.constant(value.clone())),
        SchemaSpec::OneOf(values) => common!(sc.one_of(|o| {
            o.one_of(|alts| {
                for v in values {
                    alts.constant(v.clone());
                }
            });
        })),
        SchemaSpec::Object(properties, require_all) => common!(sc.object(|o| {
            for (name, child) in properties {
                apply_schema(o.property(name), &(child.clone(), None, Vec::new()), None);
            }
            if *require_all {
                o.required(properties.keys().cloned());
            }
        })),
        SchemaSpec::Array(items) => common!(sc.array(|a| {
            apply_schema(a.items(), &((**items).clone(), None, Vec::new()), None);
        })),
        SchemaSpec::Tuple(items) => common!(sc.tuple(|t| {
            t.items(|list| {
                for item in items {
                    apply_schema(list, &(item.clone(), None, Vec::new()), None);
                }
            });
        })),
        SchemaSpec::AllOf(parts) => common!(sc.all_of(|a| {
            a.all_of(|list| {
                for part in parts {
                    apply_schema(list, &(part.clone(), None, Vec::new()), None);
                }
            });
        })),
    }
}

#[derive(Debug, Clone)]
struct PollingSpec {
    url: String,
    wait: i64,
    legacy_wait: bool,
    timeout: Option<i64>,
    max_attempts: i64,
    on_error: Result<BehaviorSpec, ActionSpec>,
}

fn polling(mode: Mode) -> BoxedStrategy<PollingSpec> {
    let n = move |lo: i64| if mode.junk { any::<i64>().boxed() } else { (lo..1000i64).boxed() };
    (
        text(mode),
        n(0),
        any::<bool>(),
        of(n(1)),
        n(1),
        prop_oneof![behavior(mode).prop_map(Ok), action(mode).prop_map(Err)],
    )
        .prop_map(|(url, wait, legacy_wait, timeout, max_attempts, on_error)| PollingSpec {
            url,
            wait,
            legacy_wait,
            timeout,
            max_attempts,
            on_error,
        })
        .boxed()
}

#[derive(Debug, Clone)]
struct StepSpec {
    id: String,
    title: String,
    description: Option<String>,
    schemas: Vec<SchemaEntry>,
    layout: Vec<(Kind, Common)>,
    model: Option<Value>,
    errors: Option<(Option<String>, Option<Value>)>,
    external: Option<String>,
    polling: Option<PollingSpec>,
    link_handlers: Vec<(String, ActionSpec)>,
    back: Option<(Option<String>, ActionSpec)>,
    stack: Option<StackBehavior>,
    refresh_url: Option<String>,
    analytics: Vec<(String, String)>,
    extra: Vec<(String, Value)>,
}

fn step(mode: Mode) -> BoxedStrategy<StepSpec> {
    let stack = prop::sample::select(vec![
        StackBehavior::Default,
        StackBehavior::RemoveAll,
        StackBehavior::RemovePrevious,
        StackBehavior::ReplaceCurrent,
    ]);
    (
        (
            text(mode),
            text(mode),
            of(text(mode)),
            vec(schema(mode), 0..3),
            vec(layout(mode), 0..4),
            of(json(mode)),
        ),
        (
            of((of(text(mode)), of(json(mode)))),
            of(text(mode)),
            of(polling(mode)),
            vec((text(mode), action(mode)), 0..2),
            of((of(text(mode)), action(mode))),
            of(stack),
        ),
        (of(text(mode)), vec((text(mode), text(mode)), 0..2), extras(mode)),
    )
        .prop_map(
            |(
                (id, title, description, schemas, layout, model),
                (errors, external, polling, link_handlers, back, stack),
                (refresh_url, analytics, extra),
            )| StepSpec {
                id,
                title,
                description,
                schemas,
                layout,
                model,
                errors,
                external,
                polling,
                link_handlers,
                back,
                stack,
                refresh_url,
                analytics,
                extra,
            },
        )
        .boxed()
}

fn apply_step(s: &mut StepBuilder, spec: &StepSpec) {
    s.id(&spec.id).title(&spec.title);
    if let Some(d) = &spec.description {
        s.description(d);
    }
    let ids: Vec<String> = (0..spec.schemas.len()).map(|i| format!("schema-{i}")).collect();
    s.schemas(|sc| {
        for (spec, id) in spec.schemas.iter().zip(&ids) {
            apply_schema(sc, spec, Some(id));
        }
    });
    s.layout(|l| apply_layouts(l, &spec.layout, &ids));
    if let Some(m) = &spec.model {
        s.model(m.clone());
    }
    if let Some((error, validation)) = &spec.errors {
        s.errors(|e| {
            if let Some(x) = error {
                e.error(x);
            }
            if let Some(x) = validation {
                e.validation(x.clone());
            }
        });
    }
    if let Some(url) = &spec.external {
        s.external(url);
    }
    if let Some(p) = &spec.polling {
        s.polling(|b| {
            b.url(&p.url).max_attempts(p.max_attempts);
            if p.legacy_wait {
                b.interval(p.wait);
            } else {
                b.delay(p.wait);
            }
            if let Some(t) = p.timeout {
                b.timeout(t);
            }
            b.on_error(|e| match &p.on_error {
                Ok(behavior) => drop(e.behavior_with(|x| apply_behavior(x, behavior))),
                Err(action) => drop(e.action(|x| apply_action(x, action))),
            });
        });
    }
    for (pattern, action) in &spec.link_handlers {
        s.link_handler(pattern, |a| apply_action(a, action));
    }
    if spec.back.is_some() || spec.stack.is_some() {
        s.navigation(|n| {
            if let Some((title, action)) = &spec.back {
                n.back(|b| {
                    if let Some(t) = title {
                        b.title(t);
                    }
                    b.action(|a| apply_action(a, action));
                });
            }
            if let Some(stack) = &spec.stack {
                n.stack_behavior(stack.clone());
            }
        });
    }
    if let Some(url) = &spec.refresh_url {
        s.refresh_url(url);
    }
    for (k, v) in &spec.analytics {
        s.analytics(k, v);
    }
    for (k, v) in &spec.extra {
        s.extra(k, v.clone());
    }
}

fn has_null(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Array(items) => items.iter().any(has_null),
        Value::Object(members) => members.values().any(has_null),
        _ => false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn built_steps_read_back_equal_and_carry_no_null(spec in step(Mode { junk: false })) {
        let step = match Step::build(|s| apply_step(s, &spec)) {
            Ok(step) => step,
            Err(e) => return Err(TestCaseError::fail(format!("a valid program failed to build: {e}"))),
        };
        prop_assert_eq!(step.layout().len(), spec.layout.len());
        prop_assert_eq!(step.schemas().len(), spec.schemas.len());
        let text = serde_json::to_string(&step).expect("serializes");
        let back: Step = flow_model::parse(&text).expect("parses");
        prop_assert_eq!(&back, &step);
        let value: Value = serde_json::from_str(&text).expect("JSON");
        prop_assert!(!has_null(&value), "a null member in {}", text);
    }

    #[test]
    fn junk_input_fails_with_located_problems_never_a_panic(spec in step(Mode { junk: true })) {
        match Step::build(|s| apply_step(s, &spec)) {
            Ok(step) => {
                let text = serde_json::to_string(&step).expect("serializes");
                let back: Step = flow_model::parse(&text).expect("parses");
                prop_assert_eq!(&back, &step);
            }
            Err(e) => {
                prop_assert!(!e.problems.is_empty());
                prop_assert!(e.problems.iter().all(|p| !p.message.is_empty()));
                prop_assert!(e.paths().all(|p| p.is_empty() || p.starts_with('/')));
            }
        }
    }
}
