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

use crate::build::Finish;
use crate::input::{IntoModel, IntoNumber};
use crate::issues::{member, Issues};
use crate::schema::asynchronous::{PersistAsyncBuilder, ValidationAsyncBuilder};
use crate::schema::{SchemaBuilder, SchemaSource};
use crate::setters::setters;

/// Adds the common schema members and the [`SchemaSource`] glue.
macro_rules! schema_kind {
    ($builder:ident) => {
        impl $builder {
            crate::setters::setters! {
                /// Wire `$id`: names the schema (what a `form`'s `schemaId` refers to).
                id(id: impl Into<String>) => Some(id);

                /// Wire `title`.
                title(title: impl Into<String>) => Some(title);

                /// Wire `description`.
                description(description: impl Into<String>) => Some(description);

                /// Wire `control`: a rendering hint.
                control(control: impl Into<String>) => Some(control);

                /// Wire `hidden`.
                hidden(hidden: bool) => Some(hidden);

                /// Wire `disabled`.
                disabled(disabled: bool) => Some(disabled);

                /// Wire `refreshStepOnChange`: a change refreshes the step (spec §5.4).
                refresh_step_on_change(refresh: bool) => Some(refresh_step_on_change);
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

            crate::setters::setters! {
                /// Wire `analyticsId`.
                analytics_id(id: impl Into<String>) => Some(analytics_id);

                /// Wire `icon`: `{name}` or `{text}` (JSON; `null` unsets it).
                icon(icon: impl Into<Value>) => optional(icon);

                /// Wire `image`: `{url, text?, accessibilityDescription?}` (JSON; `null` unsets it).
                image(image: impl Into<Value>) => optional(image);

                /// Wire `media` (current): an avatar or image (JSON; `null` unsets it).
                media(media: impl Into<Value>) => optional(media);

                /// Wire `keywords`: appends extra search terms (e.g. for a filtered `oneOf`).
                keywords<S: Into<String>>(keywords: impl IntoIterator<Item = S>) => append(keywords);
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

            crate::setters::setters! {
                /// Wire `summary`: how the value summarises its parent in a list
                /// (JSON; `null` unsets it).
                summary(summary: impl Into<Value>) => optional(summary);
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
            crate::setters::setters! {
                /// Wire `persistAsync`: send the value on its own and submit the returned id.
                persist_async(configure: impl FnOnce(&mut PersistAsyncBuilder))
                    => Some(Box::new(persist_async)) at "persistAsync";
            }
        }
    };
    ($builder:ident, validation) => {
        async_members!($builder);

        impl $builder {
            crate::setters::setters! {
                /// Wire `validationAsync`: check the value with the server as it changes.
                validation_async(configure: impl FnOnce(&mut ValidationAsyncBuilder))
                    => Some(Box::new(validation_async)) at "validationAsync";
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

    setters! {
        /// Wire `required`: appends property names that must be filled.
        required<S: Into<String>>(names: impl IntoIterator<Item = S>) => append(required);

        /// Wire `displayOrder`: appends property names in the order to show them.
        display_order<S: Into<String>>(names: impl IntoIterator<Item = S>) => append(display_order);
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

    setters! {
        /// Wire `minItems`.
        min_items(min: u64) => Some(min_items);

        /// Wire `maxItems`.
        max_items(max: u64) => Some(max_items);

        /// Wire `addItemTitle`: the label of the "add" control of a repeatable list.
        add_item_title(add_item_title: impl Into<String>) => Some(add_item_title);

        /// Wire `editItemTitle`: the title of the screen that edits one item.
        edit_item_title(edit_item_title: impl Into<String>) => Some(edit_item_title);
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
    setters! {
        /// Wire `format` (`date`, `email`, `base64url`, …).
        format(format: impl Into<String>) => Some(format);

        /// Wire `pattern`: a regular expression the value must match.
        pattern(pattern: impl Into<String>) => Some(pattern);

        /// Wire `minLength`.
        min_length(min: u64) => Some(min_length);

        /// Wire `maxLength`.
        max_length(max: u64) => Some(max_length);

        /// Wire `default`.
        default_value(default: impl Into<String>) => Some(default);

        /// Wire `placeholder`.
        placeholder(placeholder: impl Into<String>) => Some(placeholder);

        /// Wire `autocompleteHint`: appends autofill tokens (`email`, `postal-code`, …).
        autocomplete_hint<S: Into<String>>(values: impl IntoIterator<Item = S>) => append(autocomplete_hint);

        /// Wire `accepts`: appends accepted MIME types of an upload (`format: base64url`).
        accepts<S: Into<String>>(values: impl IntoIterator<Item = S>) => append(accepts);

        /// Wire `autofillProvider` (1.x autofill hint).
        autofill_provider(autofill_provider: impl Into<String>) => Some(autofill_provider);

        /// Wire `autofillKey` (1.x autofill hint).
        autofill_key(autofill_key: impl Into<String>) => Some(autofill_key);

        /// Wire `autocapitalization`: `none`, `characters`, `sentences`, `words`.
        autocapitalization(autocapitalization: impl Into<String>) => Some(autocapitalization);

        /// Wire `displayFormat`: an input mask such as `**/**`.
        display_format(display_format: impl Into<String>) => Some(display_format);

        /// Wire `minimumDate` (`format: date`).
        minimum_date(minimum_date: impl Into<String>) => Some(minimum_date);

        /// Wire `maximumDate` (`format: date`).
        maximum_date(maximum_date: impl Into<String>) => Some(maximum_date);

        /// Wire `source`: `camera` or `file` for an upload.
        source(source: impl Into<String>) => Some(source);

        /// Wire `maxSize`: the largest upload, in bytes (`format: base64url`).
        max_size(bytes: u64) => Some(max_size);

        /// Wire `suggestions`: `{values: [{label, value, …}]}` offered while typing
        /// (JSON; `null` unsets it).
        suggestions(suggestions: impl Into<Value>) => optional(suggestions);
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

    setters! {
        /// Wire `placeholder`.
        placeholder(placeholder: impl Into<String>) => Some(placeholder);

        /// Wire `autocompleteHint`: appends autofill tokens.
        autocomplete_hint<S: Into<String>>(values: impl IntoIterator<Item = S>) => append(autocomplete_hint);
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
    setters! {
        /// Wire `default`.
        default_value(default: bool) => Some(default);
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
    setters! {
        /// Wire `accepts`: appends accepted MIME types.
        accepts<S: Into<String>>(types: impl IntoIterator<Item = S>) => append(accepts);

        /// Wire `maxSize`, in bytes.
        max_size(bytes: u64) => Some(max_size);

        /// Wire `source`: `camera` or `file`.
        source(source: impl Into<String>) => Some(source);

        /// Wire `cameraConfig`: camera overlay and instructions (JSON; `null` unsets it).
        camera_config(config: impl Into<Value>) => optional(camera_config);
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
    setters! {
        /// Wire `oneOf` (must not end up empty): appends the alternatives
        /// `configure` adds.
        one_of(configure: impl FnOnce(&mut SchemaBuilder)) => append(one_of) at "oneOf";

        /// Wire `default`.
        default_value(default: impl Into<Value>) => Some(default);

        /// Wire `placeholder`.
        placeholder(placeholder: impl Into<String>) => Some(placeholder);
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
    setters! {
        /// Wire `allOf`: appends the parts `configure` adds.
        all_of(configure: impl FnOnce(&mut SchemaBuilder)) => append(all_of) at "allOf";
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
    setters! {
        /// Wire `const`: the fixed value.
        value(value: impl Into<Value>) => value;
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
    setters! {
        /// Wire `items`: appends the element schemas `configure` adds.
        items(configure: impl FnOnce(&mut SchemaBuilder)) => append(items) at "items";
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
