//! Steps and §5 response bodies: bytes as a server sends them, parsed by
//! `flow_model::parse_slice`, validated, and written back.
#![no_main]

use flow_model::{
    ActionResponseBody, ErrorResponseBody, ModalResponseBody, SearchResponseBody, Step, SubflowResponseBody,
    Validate,
};
use libfuzzer_sys::fuzz_target;

fn validated<T: serde::de::DeserializeOwned + serde::Serialize + Validate>(data: &[u8]) {
    if let Ok(value) = flow_model::parse_slice::<T>(data) {
        let _ = value.validate();
        let _ = serde_json::to_vec(&value);
    }
}

fuzz_target!(|data: &[u8]| {
    if let Ok(step) = flow_model::parse_slice::<Step>(data) {
        let report = step.validate();
        let _ = report.is_valid();
        let _ = step.layout();
        let _ = serde_json::to_vec(&step);
    }
    validated::<ActionResponseBody>(data);
    validated::<ErrorResponseBody>(data);
    validated::<ModalResponseBody>(data);
    validated::<SearchResponseBody>(data);
    if let Ok(subflow) = flow_model::parse_slice::<SubflowResponseBody>(data) {
        let _ = serde_json::to_vec(&subflow);
    }
});
