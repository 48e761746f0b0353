//! Builders for a field's server round trips: `persistAsync` (send the value
//! on its own, submit the returned id) and `validationAsync` (check the value
//! with the server as it changes).

use serde_json::Value;

use flow_model::schema::{PersistAsync, ValidationAsync};

use crate::build::Finish;
use crate::issues::{member, Issues};
use crate::members::set_extra;
use crate::schema::SchemaBuilder;
use crate::setters::setters;

/// Builds a `persistAsync`: `{url, method?, param, idProperty, schema}`.
///
/// ```
/// use flow_dsl::prelude::*;
/// use serde_json::json;
///
/// let upload = Schema::build(|s| {
///     s.string(|s| {
///         s.title("Passport photo").format("base64url");
///         s.persist_async(|p| {
///             p.url("/uploads").param("file").id_property("id");
///             p.schema().string(|s| { s.format("base64url"); });
///         });
///     });
/// })?;
/// assert_eq!(
///     serde_json::to_value(&upload).unwrap()["persistAsync"],
///     json!({"url": "/uploads", "param": "file", "idProperty": "id",
///            "schema": {"type": "string", "format": "base64url"}}),
/// );
/// # Ok::<(), flow_dsl::BuildError>(())
/// ```
#[derive(Debug, Default)]
pub struct PersistAsyncBuilder {
    inner: PersistAsync,
    schema: Option<SchemaBuilder>,
    issues: Issues,
}

impl PersistAsyncBuilder {
    setters! {
        /// Wire `url` (required): where the value is sent.
        url(url: impl Into<String>) => url;

        /// Wire `method` (POST when unset).
        method(method: impl Into<String>) => Some(method);

        /// Wire `param` (required): the member name the value is sent under.
        param(param: impl Into<String>) => param;

        /// Wire `idProperty` (required): the response member holding the id to submit.
        id_property(property: impl Into<String>) => id_property;
    }

    /// Wire `schema` (required): the schema of the persisted value; pick its
    /// kind on the returned builder.
    pub fn schema(&mut self) -> &mut SchemaBuilder {
        self.schema.get_or_insert_with(SchemaBuilder::default)
    }

    /// Sets any member by its wire name (see [escape hatches](crate#escape-hatches)):
    /// unknown to the model, it is kept as an extra member; known, it is read into its field.
    pub fn extra(&mut self, key: impl Into<String>, value: impl Into<Value>) -> &mut Self {
        set_extra(&mut self.inner, &mut self.issues, key.into(), value.into());
        self
    }
}

impl Finish for PersistAsyncBuilder {
    type Output = PersistAsync;
    fn finish(mut self) -> (PersistAsync, Issues) {
        if let Some(schema) = self.schema {
            let (value, found) = schema.finish();
            self.issues.nest(&member("schema"), found);
            self.inner.schema = Some(Box::new(value));
        }
        (self.inner, self.issues)
    }
}

/// Builds a `validationAsync`: `{url, method?, param?}`.
#[derive(Debug, Default)]
pub struct ValidationAsyncBuilder {
    inner: ValidationAsync,
    issues: Issues,
}

impl ValidationAsyncBuilder {
    setters! {
        /// Wire `url` (required): where the value is checked.
        url(url: impl Into<String>) => url;

        /// Wire `method` (POST when unset).
        method(method: impl Into<String>) => Some(method);

        /// Wire `param`: the member name the value is sent under.
        param(param: impl Into<String>) => Some(param);
    }

    /// Sets any member by its wire name (see [escape hatches](crate#escape-hatches)):
    /// unknown to the model, it is kept as an extra member; known, it is read into its field.
    pub fn extra(&mut self, key: impl Into<String>, value: impl Into<Value>) -> &mut Self {
        set_extra(&mut self.inner, &mut self.issues, key.into(), value.into());
        self
    }
}

impl Finish for ValidationAsyncBuilder {
    type Output = ValidationAsync;
    fn finish(self) -> (ValidationAsync, Issues) {
        (self.inner, self.issues)
    }
}
