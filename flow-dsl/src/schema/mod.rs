//! Schema builders (spec §6): [`SchemaBuilder`] adds schemas to a list (a
//! step's `schemas`, a `oneOf`'s alternatives) or fills one slot (an object
//! property, an array's `items`, `Schema::build`).

mod asynchronous;
mod kinds;

pub use asynchronous::{PersistAsyncBuilder, ValidationAsyncBuilder};
pub use kinds::{
    AllOfSchemaBuilder, ArraySchemaBuilder, BlobSchemaBuilder, BooleanSchemaBuilder, ConstSchemaBuilder,
    NumberSchemaBuilder, ObjectSchemaBuilder, OneOfSchemaBuilder, StringSchemaBuilder, TupleSchemaBuilder,
};

use serde_json::Value;

use flow_model::{Pointer, Schema};

use crate::build::Finish;
use crate::entry::{push_typed, Entry};
use crate::error::BuildError;
use crate::input::{IntoModel, Placeholder};
use crate::issues::Issues;

/// A schema builder stored in a [`SchemaBuilder`].
pub(crate) trait SchemaSource: Entry {
    fn finish_schema(self: Box<Self>) -> (Schema, Issues);
}

/// A finished (or failed) schema given by value.
#[derive(Debug)]
struct Ready(Result<Schema, BuildError>);

impl SchemaSource for Ready {
    fn finish_schema(self: Box<Self>) -> (Schema, Issues) {
        let mut issues = Issues::default();
        match self.0 {
            Ok(schema) => (schema, issues),
            Err(error) => {
                issues.nest_error(&Pointer::root(), &error);
                (Schema::placeholder(), issues)
            }
        }
    }
}

/// Adds schemas, in order, to a list; or, where one schema is expected (an
/// object property, an array's `items`, `Schema::build`), fills that slot:
/// there, exactly one kind method must be called.
///
/// ```
/// use flow_dsl::prelude::*;
/// use serde_json::json;
///
/// let step = Step::build(|s| {
///     s.id("amount").title("How much?");
///     s.schemas(|sc| {
///         sc.object(|o| {
///             o.id("transfer").title("Transfer");
///             o.property("amount").number(|n| { n.title("Amount").minimum(1).maximum(1_000_000); });
///             o.property("currency").one_of(|c| {
///                 c.title("Currency");
///                 c.one_of(|alts| {
///                     alts.constant("GBP").title("British pound");
///                     alts.constant("EUR").title("Euro");
///                 });
///             });
///             o.required(["amount", "currency"]);
///         });
///     });
///     s.layout(|l| { l.form("transfer"); });
/// })?;
/// assert_eq!(
///     serde_json::to_value(&step.schemas()[0]).unwrap(),
///     json!({
///         "type": "object", "$id": "transfer", "title": "Transfer",
///         "properties": {
///             "amount": {"type": "number", "title": "Amount", "minimum": 1, "maximum": 1000000},
///             "currency": {"title": "Currency", "oneOf": [
///                 {"title": "British pound", "const": "GBP"},
///                 {"title": "Euro", "const": "EUR"}]}
///         },
///         "required": ["amount", "currency"]
///     }),
/// );
/// # Ok::<(), flow_dsl::BuildError>(())
/// ```
#[derive(Debug, Default)]
pub struct SchemaBuilder {
    entries: Vec<Box<dyn SchemaSource>>,
}

impl SchemaBuilder {
    fn add<B: SchemaSource + Default>(&mut self, configure: impl FnOnce(&mut B)) -> &mut B {
        let mut builder = B::default();
        configure(&mut builder);
        push_typed(&mut self.entries, builder, |b| Box::new(b))
    }

    /// `{"type": "object"}`: named properties.
    pub fn object(&mut self, configure: impl FnOnce(&mut ObjectSchemaBuilder)) -> &mut ObjectSchemaBuilder {
        self.add(configure)
    }

    /// `{"type": "array"}`: a list of `items`.
    pub fn array(&mut self, configure: impl FnOnce(&mut ArraySchemaBuilder)) -> &mut ArraySchemaBuilder {
        self.add(configure)
    }

    /// `{"type": "array", "items": [Schema]}`: a tuple, one schema per element.
    pub fn tuple(&mut self, configure: impl FnOnce(&mut TupleSchemaBuilder)) -> &mut TupleSchemaBuilder {
        self.add(configure)
    }

    /// `{"type": "string"}`.
    pub fn string(&mut self, configure: impl FnOnce(&mut StringSchemaBuilder)) -> &mut StringSchemaBuilder {
        self.add(configure)
    }

    /// `{"type": "number"}`.
    pub fn number(&mut self, configure: impl FnOnce(&mut NumberSchemaBuilder)) -> &mut NumberSchemaBuilder {
        self.add(configure)
    }

    /// `{"type": "integer"}` (built like a number).
    pub fn integer(&mut self, configure: impl FnOnce(&mut NumberSchemaBuilder)) -> &mut NumberSchemaBuilder {
        self.add(|b: &mut NumberSchemaBuilder| {
            b.integer = true;
            configure(b);
        })
    }

    /// `{"type": "boolean"}`.
    pub fn boolean(
        &mut self,
        configure: impl FnOnce(&mut BooleanSchemaBuilder),
    ) -> &mut BooleanSchemaBuilder {
        self.add(configure)
    }

    /// `{"type": "blob"}`: a file upload.
    pub fn blob(&mut self, configure: impl FnOnce(&mut BlobSchemaBuilder)) -> &mut BlobSchemaBuilder {
        self.add(configure)
    }

    /// `{"oneOf": […]}`: exactly one of the alternatives.
    pub fn one_of(&mut self, configure: impl FnOnce(&mut OneOfSchemaBuilder)) -> &mut OneOfSchemaBuilder {
        self.add(configure)
    }

    /// `{"allOf": […]}`: all of the parts, their properties merged.
    pub fn all_of(&mut self, configure: impl FnOnce(&mut AllOfSchemaBuilder)) -> &mut AllOfSchemaBuilder {
        self.add(configure)
    }

    /// `{"const": value}`: a fixed value, usually a `oneOf` alternative.
    pub fn constant(&mut self, value: impl Into<Value>) -> &mut ConstSchemaBuilder {
        let value = value.into();
        self.add(|b: &mut ConstSchemaBuilder| {
            b.value(value);
        })
    }

    /// A whole schema as raw JSON, for kinds the DSL does not know yet.
    pub fn raw(&mut self, schema: Value) -> &mut Self {
        self.push(schema)
    }

    /// Adds a finished schema (or another build's result, or raw JSON).
    pub fn push(&mut self, schema: impl IntoModel<Schema>) -> &mut Self {
        push_typed(&mut self.entries, Ready(schema.into_model()), |b| Box::new(b));
        self
    }

    /// Finishes every schema into `list`, problems under `at/<index>`.
    pub(crate) fn append_to(self, list: &mut Vec<Schema>, at: &Pointer, issues: &mut Issues) {
        for entry in self.entries {
            let (schema, found) = entry.finish_schema();
            if !found.is_empty() {
                issues.nest(&at.index(list.len()), found);
            }
            list.push(schema);
        }
    }
}

impl Finish for SchemaBuilder {
    type Output = Schema;
    fn finish(self) -> (Schema, Issues) {
        let mut issues = Issues::default();
        let count = self.entries.len();
        let mut last = None;
        for entry in self.entries {
            let (schema, found) = entry.finish_schema();
            issues.nest(&Pointer::root(), found);
            last = Some(schema);
        }
        match (count, last) {
            (1, Some(schema)) => (schema, issues),
            _ => {
                issues.here(format!("expected exactly one schema, got {count}"));
                (Schema::placeholder(), issues)
            }
        }
    }
}
