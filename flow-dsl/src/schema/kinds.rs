//! One builder per schema kind, each with the members every schema has
//! (`$id`, `title`, `description`, `control`, `hidden`, `disabled`,
//! `refreshStepOnChange`, `validationMessages`, `analyticsId`, `icon`,
//! `image`, `media`, `keywords`, `alert`, `help`, `summary`).

use serde_json::Value;

use flow_model::schema::{
    AllOfSchema, ArraySchema, BlobSchema, BooleanSchema, ConstSchema, NumberSchema, ObjectSchema,
    OneOfSchema, StringSchema, TupleArraySchema,
};
use flow_model::Schema;

use crate::build::{run, Finish};
use crate::input::{IntoModel, IntoNumber};
use crate::issues::{member, Issues};
use crate::schema::asynchronous::{PersistAsyncBuilder, ValidationAsyncBuilder};
use crate::schema::{SchemaBuilder, SchemaSource};

/// Adds the common schema members and the [`SchemaSource`] glue.
macro_rules! schema_kind {
    ($builder:ident) => {
        impl $builder {
            /// Wire `$id`: names the schema (what a `form`'s `schemaId` refers to).
            pub fn id(&mut self, id: impl Into<String>) -> &mut Self {
                self.inner.id = Some(id.into());
                self
            }

            /// Wire `title`.
            pub fn title(&mut self, title: impl Into<String>) -> &mut Self {
                self.inner.title = Some(title.into());
                self
            }

            /// Wire `description`.
            pub fn description(&mut self, description: impl Into<String>) -> &mut Self {
                self.inner.description = Some(description.into());
                self
            }

            /// Wire `control`: a rendering hint.
            pub fn control(&mut self, control: impl Into<String>) -> &mut Self {
                self.inner.control = Some(control.into());
                self
            }

            /// Wire `hidden`.
            pub fn hidden(&mut self, hidden: bool) -> &mut Self {
                self.inner.hidden = Some(hidden);
                self
            }

            /// Wire `disabled`.
            pub fn disabled(&mut self, disabled: bool) -> &mut Self {
                self.inner.disabled = Some(disabled);
                self
            }

            /// Wire `refreshStepOnChange`: a change refreshes the step (spec §5.4).
            pub fn refresh_step_on_change(&mut self, refresh: bool) -> &mut Self {
                self.inner.refresh_step_on_change = Some(refresh);
                self
            }

            /// Wire `validationMessages`: adds the message for one rule
            /// (`required`, `minimum`, `pattern`, …).
            pub fn validation_message(
                &mut self,
                rule: impl Into<String>,
                message: impl Into<String>,
            ) -> &mut Self {
                self.inner
                    .validation_messages
                    .get_or_insert_with(Default::default)
                    .insert(rule.into(), Value::String(message.into()));
                self
            }

            /// Wire `analyticsId`.
            pub fn analytics_id(&mut self, id: impl Into<String>) -> &mut Self {
                self.inner.analytics_id = Some(id.into());
                self
            }

            /// Wire `icon`: `{name}` or `{text}` (JSON; `null` unsets it).
            pub fn icon(&mut self, icon: impl Into<Value>) -> &mut Self {
                self.inner.icon = crate::input::optional_value(icon);
                self
            }

            /// Wire `image`: `{url, text?, accessibilityDescription?}` (JSON; `null` unsets it).
            pub fn image(&mut self, image: impl Into<Value>) -> &mut Self {
                self.inner.image = crate::input::optional_value(image);
                self
            }

            /// Wire `media` (current): an avatar or image (JSON; `null` unsets it).
            pub fn media(&mut self, media: impl Into<Value>) -> &mut Self {
                self.inner.media = crate::input::optional_value(media);
                self
            }

            /// Wire `keywords`: appends extra search terms (e.g. for a filtered `oneOf`).
            pub fn keywords<S: Into<String>>(&mut self, keywords: impl IntoIterator<Item = S>) -> &mut Self {
                self.inner.keywords.get_or_insert_with(Vec::new).extend(keywords.into_iter().map(Into::into));
                self
            }

            /// Wire `alert`: a message shown with the field, built like an
            /// `alert` component.
            pub fn alert(&mut self, configure: impl FnOnce(&mut crate::layout::AlertBuilder)) -> &mut Self {
                let mut alert = crate::layout::AlertBuilder::default();
                configure(&mut alert);
                let (value, issues) = alert.finish_alert();
                self.issues.replace(&crate::issues::member("alert"), issues);
                self.inner.alert = Some(Box::new(value));
                self
            }

            /// Wire `help`: `{markdown}`, extra help behind an info icon.
            pub fn help(&mut self, markdown: impl Into<String>) -> &mut Self {
                let mut help = flow_model::schema::Help::default();
                help.markdown = markdown.into();
                self.inner.help = Some(help);
                self
            }

            /// Wire `summary`: how the value summarises its parent in a list
            /// (JSON; `null` unsets it).
            pub fn summary(&mut self, summary: impl Into<Value>) -> &mut Self {
                self.inner.summary = crate::input::optional_value(summary);
                self
            }

            /// Sets any member by its wire name (see [escape hatches](crate#escape-hatches)):
            /// unknown to the model, it is kept as an extra member; known, it is read into its field.
            pub fn extra(&mut self, key: impl Into<String>, value: impl Into<Value>) -> &mut Self {
                crate::members::set_extra(&mut self.inner, &mut self.issues, key.into(), value.into());
                self
            }
        }
    };
}

/// Adds `persistAsync` (and, with `validation`, `validationAsync`) to a kind builder.
macro_rules! async_members {
    ($builder:ident) => {
        impl $builder {
            /// Wire `persistAsync`: send the value on its own and submit the returned id.
            pub fn persist_async(&mut self, configure: impl FnOnce(&mut PersistAsyncBuilder)) -> &mut Self {
                let (value, issues) = run::<PersistAsyncBuilder>(configure);
                self.issues.replace(&member("persistAsync"), issues);
                self.inner.persist_async = Some(Box::new(value));
                self
            }
        }
    };
    ($builder:ident, validation) => {
        async_members!($builder);

        impl $builder {
            /// Wire `validationAsync`: check the value with the server as it changes.
            pub fn validation_async(
                &mut self,
                configure: impl FnOnce(&mut ValidationAsyncBuilder),
            ) -> &mut Self {
                let (value, issues) = run::<ValidationAsyncBuilder>(configure);
                self.issues.replace(&member("validationAsync"), issues);
                self.inner.validation_async = Some(Box::new(value));
                self
            }
        }
    };
}

/// Stores a kind builder in a [`SchemaBuilder`] as the `Schema` variant it builds.
macro_rules! schema_source {
    ($builder:ident => $variant:ident) => {
        impl SchemaSource for $builder {
            fn finish_schema(self: Box<Self>) -> (Schema, Issues) {
                let (value, issues) = Finish::finish(*self);
                (Schema::$variant(value), issues)
            }
        }
    };
}

/// Builds an object schema: `{"type": "object", properties, required?, displayOrder?}`.
#[derive(Debug, Default)]
pub struct ObjectSchemaBuilder {
    inner: ObjectSchema,
    properties: Vec<(String, SchemaBuilder)>,
    issues: Issues,
}

impl ObjectSchemaBuilder {
    /// Wire `properties`: adds the property `name`; pick its schema kind on
    /// the returned builder (`o.property("age").integer(|i| …)`).
    pub fn property(&mut self, name: impl Into<String>) -> &mut SchemaBuilder {
        let index = self.properties.len();
        self.properties.push((name.into(), SchemaBuilder::default()));
        &mut self.properties[index].1
    }

    /// Wire `properties`: adds the property `name` with a finished schema.
    pub fn property_value(&mut self, name: impl Into<String>, schema: impl IntoModel<Schema>) -> &mut Self {
        self.property(name).push(schema);
        self
    }

    /// Wire `required`: appends property names that must be filled.
    pub fn required<S: Into<String>>(&mut self, names: impl IntoIterator<Item = S>) -> &mut Self {
        self.inner.required.get_or_insert_with(Vec::new).extend(names.into_iter().map(Into::into));
        self
    }

    /// Wire `displayOrder`: appends property names in the order to show them.
    pub fn display_order<S: Into<String>>(&mut self, names: impl IntoIterator<Item = S>) -> &mut Self {
        self.inner.display_order.get_or_insert_with(Vec::new).extend(names.into_iter().map(Into::into));
        self
    }
}

impl Finish for ObjectSchemaBuilder {
    type Output = ObjectSchema;
    fn finish(mut self) -> (ObjectSchema, Issues) {
        for (name, slot) in self.properties {
            let at = member("properties").key(&name);
            let (schema, found) = slot.finish();
            if self.inner.properties.contains_key(&name) {
                self.issues.add(at.clone(), "property defined twice");
            }
            self.issues.nest(&at, found);
            self.inner.properties.insert(name, schema);
        }
        (self.inner, self.issues)
    }
}

schema_kind!(ObjectSchemaBuilder);
schema_source!(ObjectSchemaBuilder => Object);

/// Builds an array schema: `{"type": "array", items, minItems?, maxItems?}`.
#[derive(Debug, Default)]
pub struct ArraySchemaBuilder {
    inner: ArraySchema,
    items: Option<SchemaBuilder>,
    issues: Issues,
}

impl ArraySchemaBuilder {
    /// Wire `items`: pick the item schema kind on the returned builder
    /// (`a.items().string(|s| …)`).
    pub fn items(&mut self) -> &mut SchemaBuilder {
        self.items.get_or_insert_with(SchemaBuilder::default)
    }

    /// Wire `minItems`.
    pub fn min_items(&mut self, min: u64) -> &mut Self {
        self.inner.min_items = Some(min);
        self
    }

    /// Wire `maxItems`.
    pub fn max_items(&mut self, max: u64) -> &mut Self {
        self.inner.max_items = Some(max);
        self
    }

    /// Wire `addItemTitle`: the label of the "add" control of a repeatable list.
    pub fn add_item_title(&mut self, add_item_title: impl Into<String>) -> &mut Self {
        self.inner.add_item_title = Some(add_item_title.into());
        self
    }

    /// Wire `editItemTitle`: the title of the screen that edits one item.
    pub fn edit_item_title(&mut self, edit_item_title: impl Into<String>) -> &mut Self {
        self.inner.edit_item_title = Some(edit_item_title.into());
        self
    }
}

impl Finish for ArraySchemaBuilder {
    type Output = ArraySchema;
    fn finish(mut self) -> (ArraySchema, Issues) {
        if let Some(items) = self.items {
            let (schema, found) = items.finish();
            self.issues.nest(&member("items"), found);
            self.inner.items = Some(Box::new(schema));
        }
        (self.inner, self.issues)
    }
}

schema_kind!(ArraySchemaBuilder);
async_members!(ArraySchemaBuilder, validation);
schema_source!(ArraySchemaBuilder => Array);

/// Builds a string schema: `{"type": "string", format?, pattern?, minLength?,
/// maxLength?, default?, placeholder?}`.
///
/// ```
/// use flow_dsl::prelude::*;
/// use serde_json::json;
///
/// let name = Schema::build(|s| {
///     s.string(|s| {
///         s.title("Full name").min_length(2).max_length(64).placeholder("Jane Doe");
///         s.validation_message("minLength", "Too short");
///     });
/// })?;
/// assert_eq!(
///     serde_json::to_value(&name).unwrap(),
///     json!({"type": "string", "title": "Full name", "validationMessages": {"minLength": "Too short"},
///            "minLength": 2, "maxLength": 64, "placeholder": "Jane Doe"}),
/// );
/// # Ok::<(), flow_dsl::BuildError>(())
/// ```
#[derive(Debug, Default)]
pub struct StringSchemaBuilder {
    inner: StringSchema,
    issues: Issues,
}

impl StringSchemaBuilder {
    /// Wire `format` (`date`, `email`, `base64url`, …).
    pub fn format(&mut self, format: impl Into<String>) -> &mut Self {
        self.inner.format = Some(format.into());
        self
    }

    /// Wire `pattern`: a regular expression the value must match.
    pub fn pattern(&mut self, pattern: impl Into<String>) -> &mut Self {
        self.inner.pattern = Some(pattern.into());
        self
    }

    /// Wire `minLength`.
    pub fn min_length(&mut self, min: u64) -> &mut Self {
        self.inner.min_length = Some(min);
        self
    }

    /// Wire `maxLength`.
    pub fn max_length(&mut self, max: u64) -> &mut Self {
        self.inner.max_length = Some(max);
        self
    }

    /// Wire `default`.
    pub fn default_value(&mut self, default: impl Into<String>) -> &mut Self {
        self.inner.default = Some(default.into());
        self
    }

    /// Wire `placeholder`.
    pub fn placeholder(&mut self, placeholder: impl Into<String>) -> &mut Self {
        self.inner.placeholder = Some(placeholder.into());
        self
    }

    /// Wire `autocompleteHint`: appends autofill tokens (`email`, `postal-code`, …).
    pub fn autocomplete_hint<S: Into<String>>(&mut self, values: impl IntoIterator<Item = S>) -> &mut Self {
        self.inner.autocomplete_hint.get_or_insert_with(Vec::new).extend(values.into_iter().map(Into::into));
        self
    }

    /// Wire `accepts`: appends accepted MIME types of an upload (`format: base64url`).
    pub fn accepts<S: Into<String>>(&mut self, values: impl IntoIterator<Item = S>) -> &mut Self {
        self.inner.accepts.get_or_insert_with(Vec::new).extend(values.into_iter().map(Into::into));
        self
    }

    /// Wire `autofillProvider` (1.x autofill hint).
    pub fn autofill_provider(&mut self, autofill_provider: impl Into<String>) -> &mut Self {
        self.inner.autofill_provider = Some(autofill_provider.into());
        self
    }

    /// Wire `autofillKey` (1.x autofill hint).
    pub fn autofill_key(&mut self, autofill_key: impl Into<String>) -> &mut Self {
        self.inner.autofill_key = Some(autofill_key.into());
        self
    }

    /// Wire `autocapitalization`: `none`, `characters`, `sentences`, `words`.
    pub fn autocapitalization(&mut self, autocapitalization: impl Into<String>) -> &mut Self {
        self.inner.autocapitalization = Some(autocapitalization.into());
        self
    }

    /// Wire `displayFormat`: an input mask such as `**/**`.
    pub fn display_format(&mut self, display_format: impl Into<String>) -> &mut Self {
        self.inner.display_format = Some(display_format.into());
        self
    }

    /// Wire `minimumDate` (`format: date`).
    pub fn minimum_date(&mut self, minimum_date: impl Into<String>) -> &mut Self {
        self.inner.minimum_date = Some(minimum_date.into());
        self
    }

    /// Wire `maximumDate` (`format: date`).
    pub fn maximum_date(&mut self, maximum_date: impl Into<String>) -> &mut Self {
        self.inner.maximum_date = Some(maximum_date.into());
        self
    }

    /// Wire `source`: `camera` or `file` for an upload.
    pub fn source(&mut self, source: impl Into<String>) -> &mut Self {
        self.inner.source = Some(source.into());
        self
    }

    /// Wire `maxSize`: the largest upload, in bytes (`format: base64url`).
    pub fn max_size(&mut self, bytes: u64) -> &mut Self {
        self.inner.max_size = Some(bytes);
        self
    }

    /// Wire `suggestions`: `{values: [{label, value, …}]}` offered while typing
    /// (JSON; `null` unsets it).
    pub fn suggestions(&mut self, suggestions: impl Into<Value>) -> &mut Self {
        self.inner.suggestions = crate::input::optional_value(suggestions);
        self
    }
}

impl Finish for StringSchemaBuilder {
    type Output = StringSchema;
    fn finish(self) -> (StringSchema, Issues) {
        (self.inner, self.issues)
    }
}

schema_kind!(StringSchemaBuilder);
async_members!(StringSchemaBuilder, validation);
schema_source!(StringSchemaBuilder => String);

/// Builds a number or integer schema: `{"type": "number" | "integer",
/// minimum?, maximum?, default?, placeholder?}`.
///
/// Numbers are integers (kept exact) or finite floats; a NaN or infinity is
/// reported by the build.
#[derive(Debug, Default)]
pub struct NumberSchemaBuilder {
    inner: NumberSchema,
    pub(crate) integer: bool,
    issues: Issues,
}

impl NumberSchemaBuilder {
    /// Wire `minimum`.
    pub fn minimum(&mut self, minimum: impl IntoNumber) -> &mut Self {
        crate::input::number(&mut self.inner.minimum, "minimum", minimum, &mut self.issues);
        self
    }

    /// Wire `maximum`.
    pub fn maximum(&mut self, maximum: impl IntoNumber) -> &mut Self {
        crate::input::number(&mut self.inner.maximum, "maximum", maximum, &mut self.issues);
        self
    }

    /// Wire `default`.
    pub fn default_value(&mut self, default: impl IntoNumber) -> &mut Self {
        crate::input::number(&mut self.inner.default, "default", default, &mut self.issues);
        self
    }

    /// Wire `placeholder`.
    pub fn placeholder(&mut self, placeholder: impl Into<String>) -> &mut Self {
        self.inner.placeholder = Some(placeholder.into());
        self
    }

    /// Wire `autocompleteHint`: appends autofill tokens.
    pub fn autocomplete_hint<S: Into<String>>(&mut self, values: impl IntoIterator<Item = S>) -> &mut Self {
        self.inner.autocomplete_hint.get_or_insert_with(Vec::new).extend(values.into_iter().map(Into::into));
        self
    }
}

impl Finish for NumberSchemaBuilder {
    type Output = NumberSchema;
    fn finish(self) -> (NumberSchema, Issues) {
        (self.inner, self.issues)
    }
}

schema_kind!(NumberSchemaBuilder);
async_members!(NumberSchemaBuilder, validation);

impl SchemaSource for NumberSchemaBuilder {
    fn finish_schema(self: Box<Self>) -> (Schema, Issues) {
        let integer = self.integer;
        let (value, issues) = Finish::finish(*self);
        (if integer { Schema::Integer(value) } else { Schema::Number(value) }, issues)
    }
}

/// Builds a boolean schema: `{"type": "boolean", default?}`.
#[derive(Debug, Default)]
pub struct BooleanSchemaBuilder {
    inner: BooleanSchema,
    issues: Issues,
}

impl BooleanSchemaBuilder {
    /// Wire `default`.
    pub fn default_value(&mut self, default: bool) -> &mut Self {
        self.inner.default = Some(default);
        self
    }
}

impl Finish for BooleanSchemaBuilder {
    type Output = BooleanSchema;
    fn finish(self) -> (BooleanSchema, Issues) {
        (self.inner, self.issues)
    }
}

schema_kind!(BooleanSchemaBuilder);
async_members!(BooleanSchemaBuilder, validation);
schema_source!(BooleanSchemaBuilder => Boolean);

/// Builds a blob (file upload) schema: `{"type": "blob", accepts?, maxSize?, source?}`.
#[derive(Debug, Default)]
pub struct BlobSchemaBuilder {
    inner: BlobSchema,
    issues: Issues,
}

impl BlobSchemaBuilder {
    /// Wire `accepts`: appends accepted MIME types.
    pub fn accepts<S: Into<String>>(&mut self, types: impl IntoIterator<Item = S>) -> &mut Self {
        self.inner.accepts.get_or_insert_with(Vec::new).extend(types.into_iter().map(Into::into));
        self
    }

    /// Wire `maxSize`, in bytes.
    pub fn max_size(&mut self, bytes: u64) -> &mut Self {
        self.inner.max_size = Some(bytes);
        self
    }

    /// Wire `source`: `camera` or `file`.
    pub fn source(&mut self, source: impl Into<String>) -> &mut Self {
        self.inner.source = Some(source.into());
        self
    }

    /// Wire `cameraConfig`: camera overlay and instructions (JSON; `null` unsets it).
    pub fn camera_config(&mut self, config: impl Into<Value>) -> &mut Self {
        self.inner.camera_config = crate::input::optional_value(config);
        self
    }
}

impl Finish for BlobSchemaBuilder {
    type Output = BlobSchema;
    fn finish(self) -> (BlobSchema, Issues) {
        (self.inner, self.issues)
    }
}

schema_kind!(BlobSchemaBuilder);
schema_source!(BlobSchemaBuilder => Blob);

/// Builds a `oneOf` schema: `{oneOf: [Schema], default?}`.
#[derive(Debug, Default)]
pub struct OneOfSchemaBuilder {
    inner: OneOfSchema,
    issues: Issues,
}

impl OneOfSchemaBuilder {
    /// Wire `oneOf` (must not end up empty): appends the alternatives
    /// `configure` adds.
    pub fn one_of(&mut self, configure: impl FnOnce(&mut SchemaBuilder)) -> &mut Self {
        let mut alternatives = SchemaBuilder::default();
        configure(&mut alternatives);
        alternatives.append_to(&mut self.inner.one_of, &member("oneOf"), &mut self.issues);
        self
    }

    /// Wire `default`.
    pub fn default_value(&mut self, default: impl Into<Value>) -> &mut Self {
        self.inner.default = Some(default.into());
        self
    }

    /// Wire `placeholder`.
    pub fn placeholder(&mut self, placeholder: impl Into<String>) -> &mut Self {
        self.inner.placeholder = Some(placeholder.into());
        self
    }
}

impl Finish for OneOfSchemaBuilder {
    type Output = OneOfSchema;
    fn finish(self) -> (OneOfSchema, Issues) {
        (self.inner, self.issues)
    }
}

schema_kind!(OneOfSchemaBuilder);
async_members!(OneOfSchemaBuilder);
schema_source!(OneOfSchemaBuilder => OneOf);

/// Builds an `allOf` schema: `{allOf: [Schema]}`.
#[derive(Debug, Default)]
pub struct AllOfSchemaBuilder {
    inner: AllOfSchema,
    issues: Issues,
}

impl AllOfSchemaBuilder {
    /// Wire `allOf`: appends the parts `configure` adds.
    pub fn all_of(&mut self, configure: impl FnOnce(&mut SchemaBuilder)) -> &mut Self {
        let mut parts = SchemaBuilder::default();
        configure(&mut parts);
        parts.append_to(&mut self.inner.all_of, &member("allOf"), &mut self.issues);
        self
    }
}

impl Finish for AllOfSchemaBuilder {
    type Output = AllOfSchema;
    fn finish(self) -> (AllOfSchema, Issues) {
        (self.inner, self.issues)
    }
}

schema_kind!(AllOfSchemaBuilder);
schema_source!(AllOfSchemaBuilder => AllOf);

/// Builds a `const` schema: `{const: value}`.
#[derive(Debug, Default)]
pub struct ConstSchemaBuilder {
    inner: ConstSchema,
    issues: Issues,
}

impl ConstSchemaBuilder {
    /// Wire `const`: the fixed value.
    pub fn value(&mut self, value: impl Into<Value>) -> &mut Self {
        self.inner.value = value.into();
        self
    }
}

impl Finish for ConstSchemaBuilder {
    type Output = ConstSchema;
    fn finish(self) -> (ConstSchema, Issues) {
        (self.inner, self.issues)
    }
}

schema_kind!(ConstSchemaBuilder);
schema_source!(ConstSchemaBuilder => Const);

/// Builds a tuple schema: `{"type": "array", items: [Schema]}`, one schema
/// per element.
///
/// ```
/// use flow_dsl::prelude::*;
/// use serde_json::json;
///
/// let range = Schema::build(|s| {
///     s.tuple(|t| {
///         t.title("Dates");
///         t.items(|i| {
///             i.string(|s| { s.title("From").format("date"); });
///             i.string(|s| { s.title("To").format("date"); });
///         });
///     });
/// })?;
/// assert_eq!(
///     serde_json::to_value(&range).unwrap(),
///     json!({"type": "array", "title": "Dates", "items": [
///         {"type": "string", "title": "From", "format": "date"},
///         {"type": "string", "title": "To", "format": "date"}]}),
/// );
/// # Ok::<(), flow_dsl::BuildError>(())
/// ```
#[derive(Debug, Default)]
pub struct TupleSchemaBuilder {
    inner: TupleArraySchema,
    issues: Issues,
}

impl TupleSchemaBuilder {
    /// Wire `items`: appends the element schemas `configure` adds.
    pub fn items(&mut self, configure: impl FnOnce(&mut SchemaBuilder)) -> &mut Self {
        let mut items = SchemaBuilder::default();
        configure(&mut items);
        items.append_to(&mut self.inner.items, &member("items"), &mut self.issues);
        self
    }
}

impl Finish for TupleSchemaBuilder {
    type Output = TupleArraySchema;
    fn finish(self) -> (TupleArraySchema, Issues) {
        (self.inner, self.issues)
    }
}

schema_kind!(TupleSchemaBuilder);
schema_source!(TupleSchemaBuilder => Tuple);
