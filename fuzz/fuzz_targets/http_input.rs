//! The structured input shared by the HTTP-answer targets (`poll_answer`,
//! `flow_response`, `retry_after`), read with `arbitrary`. `seed.sh` writes
//! seeds in this exact layout: keep the two in step.

#![allow(dead_code)]

use arbitrary::Arbitrary;
use http::header::{HeaderMap, HeaderName, HeaderValue};

/// A header name: the ones the code looks up, so the fuzzer hits them
/// without guessing, or any other.
#[derive(Arbitrary, Debug)]
pub enum Name<'a> {
    ResponseType,
    ETag,
    ContentType,
    Location,
    RetryAfter,
    RetryAfterMs,
    MsRetryAfterMs,
    Date,
    Other(&'a [u8]),
}

#[derive(Arbitrary, Debug)]
pub struct Header<'a> {
    pub name: Name<'a>,
    pub value: &'a [u8],
}

/// A response: status, the `exit` flag of the action that sent the request,
/// headers, and the rest of the input as the body.
#[derive(Arbitrary, Debug)]
pub struct HttpInput<'a> {
    status: u16,
    pub exit: bool,
    pub headers: Vec<Header<'a>>,
    pub body: &'a [u8],
}

impl HttpInput<'_> {
    /// A status in 100..=999, as `http::StatusCode` allows.
    pub fn status(&self) -> u16 {
        100 + self.status % 900
    }
}

/// The headers as a `HeaderMap` (appended, so repeats stay repeats); names
/// and values `http` refuses are skipped, as no response could carry them.
pub fn header_map(headers: &[Header<'_>]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for header in headers.iter().take(16) {
        let name = match header.name {
            Name::ResponseType => HeaderName::from_static("x-df-response-type"),
            Name::ETag => http::header::ETAG,
            Name::ContentType => http::header::CONTENT_TYPE,
            Name::Location => http::header::LOCATION,
            Name::RetryAfter => http::header::RETRY_AFTER,
            Name::RetryAfterMs => HeaderName::from_static("retry-after-ms"),
            Name::MsRetryAfterMs => HeaderName::from_static("x-ms-retry-after-ms"),
            Name::Date => http::header::DATE,
            Name::Other(bytes) => match HeaderName::from_bytes(bytes) {
                Ok(name) => name,
                Err(_) => continue,
            },
        };
        if let Ok(value) = HeaderValue::from_bytes(header.value) {
            map.append(name, value);
        }
    }
    map
}
