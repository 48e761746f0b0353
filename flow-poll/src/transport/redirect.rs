//! Following redirects ourselves, one decision per hop, so that what a
//! request carries is re-decided at every hop instead of once for the first
//! URL (reqwest's own policy only strips a fixed list of headers).
//!
//! The rules ([`next_hop`]):
//!
//! * 301, 302, 303, 307 and 308 with a `Location` are followed (resolved
//!   against the URL that answered); any other status, or a redirect status
//!   without `Location`, is the final answer.
//! * Only `http` and `https` targets are followed; any other scheme is
//!   refused ([`TransportError::Redirect`]).
//! * At most [`MAX_REDIRECTS`](super::reqwest::MAX_REDIRECTS) hops; one more
//!   is an error (a redirect loop ends there).
//! * 303 turns any method but `HEAD` into `GET`; 301 and 302 turn `POST`
//!   into `GET` (what browsers and reqwest do). A method that becomes `GET`
//!   loses its body and `Content-Type`.
//! * 307 and 308 keep the method and the body, but only to the origin the
//!   request started at: a 307/308 that would carry a body to another origin
//!   is refused (the body is the user's data; it was meant for that origin).
//!   Without a body they are followed.
//! * Once a hop leaves the request's first origin (scheme, host and port:
//!   an https → http downgrade on the same host is another origin), the
//!   scoped headers ([`HttpRequest::scoped_headers`]: the default headers a
//!   client added for that origin) and every sensitive header
//!   (`Authorization`, `Cookie`, `Proxy-Authorization` and those marked
//!   sensitive) are dropped, and stay dropped for the rest of the chain.

use http::header::{
    HeaderName, AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, COOKIE, LOCATION, PROXY_AUTHORIZATION,
};
use http::{HeaderMap, Method, StatusCode};
use url::{Origin, Url};

use super::{HttpRequest, TransportError};

/// What to do after an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Hop {
    /// The answer is final.
    Final,
    /// Send this request next.
    Follow(Next),
}

/// The next request of a redirect chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Next {
    pub(crate) method: Method,
    pub(crate) url: Url,
    /// Whether the body (and its `Content-Type`) is dropped.
    pub(crate) drop_body: bool,
    /// Whether the hop leaves the first origin (scoped and sensitive headers go).
    pub(crate) cross_origin: bool,
}

/// Why a redirect is not followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// The `Location` is not a URL.
    BadLocation(String),
    /// The target's scheme is not http(s).
    Scheme(String),
    /// A 307/308 would resend the body to another origin.
    BodyToOtherOrigin(StatusCode),
}

impl Refusal {
    pub(crate) fn message(&self) -> String {
        match self {
            Refusal::BadLocation(reason) => format!("its Location is not a URL ({reason})"),
            Refusal::Scheme(scheme) => format!("{scheme:?} is not http or https"),
            Refusal::BodyToOtherOrigin(status) => {
                format!("a {} would resend the request body to another origin", status.as_u16())
            }
        }
    }
}

/// Decides the hop after an answer with `status` and `headers` to a
/// `method` request for `current`, in a chain that started at `first`.
pub(crate) fn next_hop(
    status: StatusCode,
    headers: &HeaderMap,
    method: &Method,
    has_body: bool,
    current: &Url,
    first: &Origin,
) -> Result<Hop, Refusal> {
    let code = status.as_u16();
    if !matches!(code, 301 | 302 | 303 | 307 | 308) {
        return Ok(Hop::Final);
    }
    let Some(location) = headers.get(LOCATION) else { return Ok(Hop::Final) };
    let location = location.to_str().map_err(|e| Refusal::BadLocation(e.to_string()))?;
    let url = current.join(location.trim()).map_err(|e| Refusal::BadLocation(e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Refusal::Scheme(url.scheme().to_owned()));
    }
    let cross_origin = url.origin() != *first;
    let to_get = match code {
        303 => *method != Method::HEAD,
        301 | 302 => *method == Method::POST,
        _ => false,
    };
    if to_get {
        return Ok(Hop::Follow(Next { method: Method::GET, url, drop_body: true, cross_origin }));
    }
    if matches!(code, 307 | 308) && has_body && cross_origin {
        return Err(Refusal::BodyToOtherOrigin(status));
    }
    Ok(Hop::Follow(Next { method: method.clone(), url, drop_body: false, cross_origin }))
}

/// Applies a hop to the request: method, URL, body, and the headers that
/// may not leave the first origin.
pub(crate) fn apply(request: &mut HttpRequest, next: Next) {
    if next.drop_body {
        request.body = None;
        request.headers.remove(CONTENT_TYPE);
        request.headers.remove(CONTENT_LENGTH);
    }
    if next.cross_origin {
        strip_origin_bound(request);
    }
    request.method = next.method;
    request.url = next.url;
}

/// Drops the scoped headers and every sensitive one.
fn strip_origin_bound(request: &mut HttpRequest) {
    let scoped: Vec<HeaderName> = std::mem::take(&mut request.scoped_headers);
    for name in scoped {
        request.headers.remove(name);
    }
    for name in [AUTHORIZATION, COOKIE, PROXY_AUTHORIZATION] {
        request.headers.remove(name);
    }
    let sensitive: Vec<HeaderName> = request
        .headers
        .iter()
        .filter(|(name, value)| {
            value.is_sensitive() || crate::redact::DEFAULT_SENSITIVE_HEADERS.contains(&name.as_str())
        })
        .map(|(name, _)| name.clone())
        .collect();
    for name in sensitive {
        request.headers.remove(name);
    }
}

/// The error for a refused redirect.
pub(crate) fn refused(url: String, refusal: &Refusal) -> TransportError {
    TransportError::Redirect { url, message: refusal.message() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap()
    }

    fn location(to: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(LOCATION, to.parse().unwrap());
        headers
    }

    fn hop(code: u16, to: &str, method: Method, body: bool) -> Result<Hop, Refusal> {
        let from = url("https://flow.example/a/start");
        next_hop(StatusCode::from_u16(code).unwrap(), &location(to), &method, body, &from, &from.origin())
    }

    fn follow(result: Result<Hop, Refusal>) -> Next {
        match result {
            Ok(Hop::Follow(next)) => next,
            other => panic!("expected a hop, got {other:?}"),
        }
    }

    #[test]
    fn methods_and_bodies_per_status() {
        for code in [301, 302] {
            let next = follow(hop(code, "/b", Method::POST, true));
            assert_eq!((next.method, next.drop_body), (Method::GET, true), "{code}");
            let next = follow(hop(code, "/b", Method::PUT, true));
            assert_eq!((next.method, next.drop_body), (Method::PUT, false), "{code}");
        }
        let next = follow(hop(303, "/b", Method::PUT, true));
        assert_eq!((next.method, next.drop_body), (Method::GET, true));
        let next = follow(hop(303, "/b", Method::HEAD, false));
        assert_eq!(next.method, Method::HEAD);
        for code in [307, 308] {
            let next = follow(hop(code, "b", Method::POST, true));
            assert_eq!(next.url.as_str(), "https://flow.example/a/b");
            assert_eq!((next.method, next.drop_body, next.cross_origin), (Method::POST, false, false));
        }
    }

    #[test]
    fn other_origins_scheme_downgrades_and_refusals() {
        assert!(follow(hop(302, "https://other.example/x", Method::GET, false)).cross_origin);
        assert!(
            follow(hop(302, "http://flow.example/a/start", Method::GET, false)).cross_origin,
            "downgrade"
        );
        assert!(follow(hop(302, "https://flow.example:8443/x", Method::GET, false)).cross_origin, "port");
        assert!(!follow(hop(302, "/elsewhere", Method::GET, false)).cross_origin);
        assert_eq!(
            hop(307, "https://other.example/x", Method::POST, true),
            Err(Refusal::BodyToOtherOrigin(StatusCode::TEMPORARY_REDIRECT))
        );
        assert!(follow(hop(308, "https://other.example/x", Method::GET, false)).cross_origin);
        assert_eq!(hop(302, "file:///etc/passwd", Method::GET, false), Err(Refusal::Scheme("file".into())));
        assert_eq!(
            hop(301, "javascript:alert(1)", Method::GET, false),
            Err(Refusal::Scheme("javascript".into()))
        );
        assert!(matches!(hop(302, "http://[::1", Method::GET, false), Err(Refusal::BadLocation(_))));
        assert_eq!(hop(200, "/b", Method::GET, false), Ok(Hop::Final));
        assert_eq!(hop(304, "/b", Method::GET, false), Ok(Hop::Final));
        let from = url("https://flow.example/");
        let none = next_hop(StatusCode::FOUND, &HeaderMap::new(), &Method::GET, false, &from, &from.origin());
        assert_eq!(none, Ok(Hop::Final), "no Location: the 3xx is the answer");
    }

    #[test]
    fn leaving_the_origin_strips_scoped_and_sensitive_headers_for_good() {
        let mut request = HttpRequest::new(Method::POST, url("https://flow.example/a"));
        request.headers.insert("x-api-key", "K".parse().unwrap());
        request.headers.insert("x-tenant", "T".parse().unwrap());
        request.headers.insert(AUTHORIZATION, "Bearer B".parse().unwrap());
        request.headers.insert(COOKIE, "c=1".parse().unwrap());
        let mut marked: http::HeaderValue = "S".parse().unwrap();
        marked.set_sensitive(true);
        request.headers.insert("x-secret", marked);
        request.headers.insert("accept", "application/json".parse().unwrap());
        request.headers.insert(CONTENT_TYPE, "application/json".parse().unwrap());
        request.body = Some(bytes::Bytes::from_static(b"{}"));
        request.scoped_headers = vec![HeaderName::from_static("x-tenant")];

        let same = Next {
            method: Method::POST,
            url: url("https://flow.example/b"),
            drop_body: false,
            cross_origin: false,
        };
        apply(&mut request, same);
        assert_eq!(request.headers.len(), 7, "same origin: everything kept");

        let away = Next {
            method: Method::GET,
            url: url("https://other.example/c"),
            drop_body: true,
            cross_origin: true,
        };
        apply(&mut request, away);
        let left: Vec<&str> = request.headers.keys().map(HeaderName::as_str).collect();
        assert_eq!(left, ["accept"], "only what may go anywhere is left");
        assert_eq!((request.method.clone(), request.body.is_none()), (Method::GET, true));
        assert!(request.scoped_headers.is_empty(), "dropped for good");
    }
}
