//! `axum` integration (feature `axum`): a [`FlowResponse`] is an
//! [`IntoResponse`], so handlers can return it directly.

use axum::body::Body;
use axum::response::{IntoResponse, Response};

use super::FlowResponse;

/// ```
/// use axum::response::IntoResponse;
/// use flow_dsl::FlowResponse;
///
/// async fn status() -> FlowResponse {
///     FlowResponse::no_op()
/// }
/// let response = FlowResponse::no_op().into_response();
/// assert_eq!(response.headers()["x-df-response-type"], "no-op");
/// ```
impl IntoResponse for FlowResponse {
    fn into_response(self) -> Response {
        self.into_http().map(Body::from).into_response()
    }
}
