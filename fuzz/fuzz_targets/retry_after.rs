//! `Retry-After` / `retry-after-ms` / `x-ms-retry-after-ms` / `Date`, with
//! any values, against any wall-clock time.
#![no_main]

#[path = "http_input.rs"]
mod http_input;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use arbitrary::Arbitrary;
use http_input::{header_map, Header};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct RetryInput<'a> {
    /// Seconds from the epoch (negative: before it).
    now: i64,
    headers: Vec<Header<'a>>,
}

fuzz_target!(|input: RetryInput<'_>| {
    let offset = Duration::from_secs(input.now.unsigned_abs());
    let now = if input.now >= 0 { UNIX_EPOCH.checked_add(offset) } else { UNIX_EPOCH.checked_sub(offset) };
    let now = now.unwrap_or(SystemTime::UNIX_EPOCH);
    let headers = header_map(&input.headers);
    if let Some(wait) = flow_poll::retry_after(&headers, now) {
        assert!(wait <= flow_poll::MAX_RETRY_AFTER, "{wait:?} is over MAX_RETRY_AFTER");
    }
});
