//! OpenAPI documents (JSON or YAML) with `x-speakeasy-polling`; when one
//! reads, each poller's path template is filled.
#![no_main]

use flow_poll::openapi::OpenApiPollers;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(pollers) = OpenApiPollers::from_text(text) else { return };
    for spec in pollers.all() {
        // Every `{name}` of the template, filled with a value that needs escaping.
        let names: Vec<&str> = spec
            .path()
            .split('{')
            .skip(1)
            .filter_map(|part| part.split_once('}'))
            .map(|(name, _)| name)
            .collect();
        let params: Vec<(&str, &str)> = names.iter().map(|name| (*name, "a/b c")).collect();
        let _ = spec.fill_path(&params);
        let _ = spec.fill_path(&[]);
        let _ = (spec.operation(), spec.name(), spec.method(), spec.delay(), spec.interval(), spec.limit());
        let _ = spec.criteria().fingerprint();
        let _ = pollers.get(spec.operation(), spec.name());
    }
    let _ = pollers.by_operation();
});
