//! Reading a server's "ask again later" hint from response headers:
//! `x-ms-retry-after-ms` and `retry-after-ms` (integer milliseconds), then
//! `Retry-After` (delay-seconds or an HTTP-date), tried in that order.
//!
//! An HTTP-date is measured against the response's own `Date` header when it
//! has one (so a skewed local clock does not matter), else against the
//! caller's wall clock; a date in the past means "now" (zero). Unparsable
//! values are ignored and the next header is tried.

use std::time::{Duration, SystemTime};

use http::HeaderMap;

/// The headers read, in order of preference.
pub const RETRY_AFTER_HEADERS: [&str; 3] = ["x-ms-retry-after-ms", "retry-after-ms", "retry-after"];

/// The longest hint accepted as is (longer ones are cut to this: about 30 years).
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(60 * 60 * 24 * 365 * 30);

/// The wait a response asks for, if it asks for one.
///
/// `now` is the wall-clock time used for an HTTP-date when the response has
/// no usable `Date` header.
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use flow_poll::retry_after;
///
/// let mut headers = http::HeaderMap::new();
/// headers.insert("retry-after", "2".parse().unwrap());
/// assert_eq!(retry_after(&headers, SystemTime::now()), Some(Duration::from_secs(2)));
///
/// headers.insert("retry-after-ms", "250".parse().unwrap());
/// assert_eq!(retry_after(&headers, SystemTime::now()), Some(Duration::from_millis(250)));
///
/// let mut dated = http::HeaderMap::new();
/// dated.insert("date", "Sun, 06 Nov 1994 08:49:37 GMT".parse().unwrap());
/// dated.insert("retry-after", "Sun, 06 Nov 1994 08:50:07 GMT".parse().unwrap());
/// assert_eq!(retry_after(&dated, SystemTime::now()), Some(Duration::from_secs(30)));
/// ```
pub fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    for name in &RETRY_AFTER_HEADERS[..2] {
        if let Some(ms) = header_text(headers, name).and_then(parse_millis) {
            return Some(ms);
        }
    }
    let value = header_text(headers, "retry-after")?;
    if let Some(seconds) = parse_seconds(value) {
        return Some(seconds);
    }
    let at = httpdate::parse_http_date(value).ok()?;
    let reference =
        header_text(headers, "date").and_then(|d| httpdate::parse_http_date(d).ok()).unwrap_or(now);
    Some(at.duration_since(reference).unwrap_or(Duration::ZERO).min(MAX_RETRY_AFTER))
}

fn header_text<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim).filter(|v| !v.is_empty())
}

/// Non-negative integer milliseconds.
fn parse_millis(text: &str) -> Option<Duration> {
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // All digits: only overflow can fail, and an overflowing hint is "very long".
    let ms = text.parse::<u64>().unwrap_or(u64::MAX);
    Some(Duration::from_millis(ms).min(MAX_RETRY_AFTER))
}

/// Non-negative delay-seconds; a decimal fraction is accepted (Arazzo's
/// `retryAfter` is decimal seconds).
fn parse_seconds(text: &str) -> Option<Duration> {
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (text, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || fraction.is_some_and(|f| !digits(f)) {
        return None;
    }
    let seconds: f64 = text.parse().ok()?;
    let max = MAX_RETRY_AFTER.as_secs_f64();
    Some(Duration::try_from_secs_f64(seconds.min(max)).unwrap_or(MAX_RETRY_AFTER))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(
                http::header::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                value.parse().unwrap(),
            );
        }
        map
    }

    #[test]
    fn order_of_preference() {
        let now = SystemTime::UNIX_EPOCH;
        let all = headers(&[("retry-after", "9"), ("retry-after-ms", "500"), ("x-ms-retry-after-ms", "40")]);
        assert_eq!(retry_after(&all, now), Some(Duration::from_millis(40)));
        let two = headers(&[("retry-after", "9"), ("retry-after-ms", "500")]);
        assert_eq!(retry_after(&two, now), Some(Duration::from_millis(500)));
        let bad_ms = headers(&[("retry-after", "9"), ("retry-after-ms", "soon")]);
        assert_eq!(retry_after(&bad_ms, now), Some(Duration::from_secs(9)));
        assert_eq!(retry_after(&HeaderMap::new(), now), None);
    }

    #[test]
    fn seconds_decimals_and_garbage() {
        let now = SystemTime::UNIX_EPOCH;
        assert_eq!(retry_after(&headers(&[("retry-after", " 0 ")]), now), Some(Duration::ZERO));
        assert_eq!(retry_after(&headers(&[("retry-after", "1.5")]), now), Some(Duration::from_millis(1500)));
        for bad in ["-1", "1e3", "abc", ".5", "5.", "NaN", "inf"] {
            assert_eq!(retry_after(&headers(&[("retry-after", bad)]), now), None, "{bad}");
        }
        let huge = "9".repeat(40);
        assert_eq!(retry_after(&headers(&[("retry-after", &huge)]), now), Some(MAX_RETRY_AFTER));
        assert_eq!(retry_after(&headers(&[("retry-after-ms", &huge)]), now), Some(MAX_RETRY_AFTER));
    }

    #[test]
    fn http_dates_against_date_header_or_clock() {
        let at = "Sun, 06 Nov 1994 08:49:37 GMT";
        let reference = httpdate::parse_http_date(at).unwrap();
        let later = httpdate::fmt_http_date(reference + Duration::from_secs(120));
        assert_eq!(
            retry_after(&headers(&[("retry-after", &later)]), reference),
            Some(Duration::from_secs(120))
        );
        // The response's Date wins over a skewed local clock.
        let skewed = reference + Duration::from_secs(3600);
        let with_date = headers(&[("retry-after", &later), ("date", at)]);
        assert_eq!(retry_after(&with_date, skewed), Some(Duration::from_secs(120)));
        // A date in the past is zero.
        assert_eq!(retry_after(&headers(&[("retry-after", at)]), skewed), Some(Duration::ZERO));
    }
}
