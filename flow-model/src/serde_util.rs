//! Serde helpers shared by the model types.

use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// Deserializes a JSON value member so that an explicit `null` is kept as
/// `Some(Value::Null)` (an absent member stays `None`), which keeps
/// `"result": null` through a round trip.
pub(crate) fn present<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(deserializer).map(Some)
}
