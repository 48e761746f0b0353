//! Behaviors and actions: what runs, what is sent (spec §2, §3, §5.4).

use std::time::Duration;

use http::header::{HeaderValue, IF_NONE_MATCH};
use http::Method;
use serde_json::{Map, Value};

use flow_model::{Action, Behavior, LaunchConfig, SubflowBehavior};

use super::{Frame, Handled, InFlight, Input, Interpreter, PendingErrors, Purpose};
use crate::flow::error::{CommandError, FlowError};
use crate::flow::events::{AnalyticsKind, FlowEvent, Terminal, UrlSource};
use crate::flow::merge::{merge, payload};
use flow_poll::transport::HttpRequest;

impl Interpreter {
    pub(super) fn run_behavior(&mut self, behavior: Behavior, input: Input) -> Handled {
        match behavior {
            Behavior::Action(b) => self.perform(b.action, input),
            Behavior::Link(link) => {
                let url = self.url_to_open(&link.url);
                self.emit(FlowEvent::OpenUrl { url, source: UrlSource::Link });
                Handled::Now(Ok(()))
            }
            Behavior::Copy(copy) => {
                self.emit(FlowEvent::Copy { content: copy.content });
                Handled::Now(Ok(()))
            }
            Behavior::Dismiss(_) => {
                self.emit(FlowEvent::Dismiss);
                Handled::Now(Ok(()))
            }
            Behavior::Modal(modal) => {
                self.emit(FlowEvent::Modal { title: modal.title, content: modal.content });
                Handled::Now(Ok(()))
            }
            Behavior::Refresh(refresh) => {
                let values = match input {
                    Input::User(values) => values,
                    Input::Own | Input::OwnWith(_) => self.model(),
                };
                self.refresh(refresh.url, values, None)
            }
            Behavior::Subflow(subflow) => self.launch_subflow(subflow),
            other => {
                let behavior = serde_json::to_value(&other).unwrap_or(Value::Null);
                self.emit(FlowEvent::UnknownBehavior { behavior });
                Handled::Now(Ok(()))
            }
        }
    }

    /// The current step's `model`, or `{}`: the values engine-initiated
    /// refreshes send, when no user values are at hand.
    pub(super) fn model(&self) -> Value {
        self.frame().step().and_then(|s| s.model.clone()).unwrap_or_else(|| Value::Object(Map::new()))
    }

    /// Performs an action (spec §2).
    pub(super) fn perform(&mut self, action: Action, input: Input) -> Handled {
        let url = action.url.as_deref().map(str::trim).filter(|u| !u.is_empty()).map(str::to_owned);
        let Some(url) = url else {
            if action.is_exit() {
                self.end_frame(Terminal::Exited(merge(None, action.result.as_ref())));
                return Handled::Now(Ok(()));
            }
            return self.reject(FlowError::MissingUrl { id: action.id.clone() });
        };
        let (body, values) = match input {
            Input::User(values) => {
                self.frame_mut().submitted(&values);
                if action.skip_validation != Some(true) {
                    if let Some(report) = self.frame_mut().validate(&values) {
                        if !report.is_valid() {
                            let fields = report.fields.clone();
                            self.frame_mut().errors =
                                Some(super::responses::shown_errors(None, Some(report.validation.clone())));
                            self.emit(FlowEvent::ValidationFailed {
                                validation: report.validation,
                                fields: report.fields,
                            });
                            return Handled::Now(Err(CommandError::Rejected(FlowError::InvalidValues {
                                fields,
                            })));
                        }
                    }
                }
                (payload(Some(&values), action.data.as_ref()), values)
            }
            Input::Own => {
                let body = payload(None, action.data.as_ref());
                (body.clone(), body)
            }
            Input::OwnWith(extra) => {
                let base = payload(None, action.data.as_ref());
                let body = merge(Some(&base), Some(&extra));
                (body.clone(), body)
            }
        };
        let client = self.frame().client.clone();
        let target = match client.resolve(&url) {
            Ok(target) => target,
            Err(error) => return self.reject(error.into()),
        };
        let method_name = action.method();
        let Ok(method) = Method::from_bytes(method_name.as_bytes()) else {
            return self.reject(FlowError::InvalidMethod { method: method_name });
        };
        let timeout =
            action.timeout.and_then(|s| u64::try_from(s).ok()).filter(|s| *s > 0).map(Duration::from_secs);
        let request = client.request(method, target, action.sends_body().then_some(&body), timeout);
        // A submitted action stops polling for good (§4.2).
        self.stop_polling();
        self.send(request, Purpose::Action { action, values });
        Handled::Pending
    }

    /// Refresh (§5.4): POST the values to `url` (else the step's
    /// `refreshUrl`), with `If-None-Match` when the step came with an ETag.
    pub(super) fn refresh(
        &mut self,
        url: Option<String>,
        values: Value,
        pending: Option<PendingErrors>,
    ) -> Handled {
        let Some(entry) = self.frame().history.current().cloned() else {
            return Handled::Now(Err(CommandError::NoStep));
        };
        let target = url.or_else(|| entry.step.refresh_url.clone()).filter(|u| !u.trim().is_empty());
        let Some(target) = target else {
            return self.reject(FlowError::NoRefreshUrl { step_id: entry.step.id().to_owned() });
        };
        let client = self.frame().client.clone();
        let target = match client.resolve(&target) {
            Ok(target) => target,
            Err(error) => return self.reject(error.into()),
        };
        let mut request = client.request(Method::POST, target, Some(&values), None);
        if let Some(etag) = entry.etag.as_deref().and_then(|e| HeaderValue::from_str(e).ok()) {
            request.headers.insert(IF_NONE_MATCH, etag);
        }
        self.send(request, Purpose::Refresh { pending });
        Handled::Pending
    }

    pub(super) fn send(&mut self, request: HttpRequest, purpose: Purpose) {
        let client = self.frame().client.clone();
        let url = client.redact(&request.url);
        let redacted = url.clone();
        let future = Box::pin(async move { client.send(request).await.map_err(|e| e.with_url(redacted)) });
        self.in_flight = Some(InFlight { future, purpose, url, waiters: Vec::new() });
    }

    pub(super) fn launch_subflow(&mut self, subflow: SubflowBehavior) -> Handled {
        let LaunchConfig::Dynamic { request, presentation } = subflow.launch() else {
            self.frame_mut().host_subflow = Some(subflow.clone());
            self.emit(FlowEvent::SubflowForHost { subflow });
            return Handled::Now(Ok(()));
        };
        let url = request.url.as_deref().map(str::trim).filter(|u| !u.is_empty()).map(str::to_owned);
        let Some(url) = url else { return self.reject(FlowError::MissingUrl { id: request.id.clone() }) };
        let base = match self.frame().client.resolve(&url) {
            Ok(base) => base,
            Err(error) => return self.reject(error.into()),
        };
        self.stop_polling();
        let parent = self.frame_mut();
        parent.subflows_started += 1;
        let flow_id = format!("{}.{}", parent.flow_id, parent.subflows_started);
        let client = parent.client.with_base(base.clone());
        let referrer_id = subflow.referrer_id.clone();
        self.frames.push(Frame::new(flow_id.clone(), client, Some(subflow)));
        self.emit(FlowEvent::SubflowStarted { flow_id, referrer_id, presentation });
        self.analytics(AnalyticsKind::FlowInitiated);
        let mut initial = request;
        initial.url = Some(base.to_string());
        initial.exit = None;
        self.perform(initial, Input::Own)
    }
}
