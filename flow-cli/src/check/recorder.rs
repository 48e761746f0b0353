//! A [`Transport`] wrapper that judges every exchange as it passes and keeps
//! the violations with the request that caused them.
//!
//! How an answer is judged depends on what the request was for (a poll, an
//! exiting action, anything else). The recorder learns that from the steps
//! and action bodies the server sends: each step's `polling.url` marks polls,
//! each exiting action with a `url` marks its submission.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError};

use async_trait::async_trait;
use flow_model::{ActionResponseBody, Behavior, Step};
use flow_runtime::transport::{HttpRequest, HttpResponse, Transport, TransportError};
use url::Url;

use super::rules::{check_response, Role, Rule, Violation};

/// A violation and the request that produced it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Finding {
    /// `METHOD url` (URL redacted); `None` for findings about the whole flow.
    pub(crate) request: Option<String>,
    /// The response status, when a response arrived.
    pub(crate) status: Option<u16>,
    /// What was wrong.
    pub(crate) violation: Violation,
}

#[derive(Debug, Default)]
struct Roles {
    polls: HashSet<String>,
    exits: HashSet<(String, String)>,
}

/// The checking transport (see the module docs).
#[derive(Debug)]
pub(crate) struct Recorder {
    inner: Arc<dyn Transport>,
    base: Url,
    /// Query parameters whose values are secret, on top of the defaults.
    sensitive_query: Vec<String>,
    roles: Mutex<Roles>,
    findings: Mutex<Vec<Finding>>,
    exchanges: Mutex<usize>,
}

impl Recorder {
    /// A recorder over `inner` for a flow whose relative URLs resolve against `base`.
    pub(crate) fn new(inner: Arc<dyn Transport>, base: Url) -> Self {
        Recorder {
            inner,
            base,
            sensitive_query: Vec::new(),
            roles: Mutex::default(),
            findings: Mutex::default(),
            exchanges: Mutex::default(),
        }
    }

    /// Redacts the values of these query parameters too in the requests it
    /// shows (the defaults always are).
    pub(crate) fn redacting(mut self, sensitive_query: Vec<String>) -> Self {
        self.sensitive_query = sensitive_query;
        self
    }

    fn resolve(&self, reference: &str) -> Option<String> {
        self.base.join(reference.trim()).ok().map(|u| u.to_string())
    }

    /// Learns the roles a step gives: its poll URL and its exiting actions.
    pub(crate) fn learn_step(&self, step: &Step) {
        if let Some(url) = step.polling.as_ref().and_then(|p| p.url.as_deref()).and_then(|u| self.resolve(u))
        {
            self.poll_url(&url);
        }
        for choice in crate::render::choices(step) {
            if let Behavior::Action(b) = &choice.trigger.behavior {
                self.learn_action(&b.action);
            }
        }
        if let Some(back) = step.navigation.as_ref().and_then(|n| n.back.as_ref()) {
            self.learn_action(&back.action);
        }
        if let Some(on_error) = step.polling.as_ref().and_then(|p| p.on_error_behavior()) {
            if let Some(action) = on_error.as_action() {
                self.learn_action(action);
            }
        }
    }

    fn learn_action(&self, action: &flow_model::Action) {
        if action.is_exit() {
            if let Some(url) = action.url.as_deref().and_then(|u| self.resolve(u)) {
                self.exit_request(&action.method(), &url);
            }
        }
    }

    fn learn_body(&self, body: &[u8]) {
        if let Some(step) = flow_model::parse_slice::<Step>(body).ok().filter(|s| s.layout.is_some()) {
            self.learn_step(&step);
        } else if let Ok(action_body) = serde_json::from_slice::<ActionResponseBody>(body) {
            self.learn_action(&action_body.action);
        }
    }

    /// GETs of this (absolute) URL are polls.
    pub(crate) fn poll_url(&self, url: &str) {
        self.roles.lock().unwrap_or_else(PoisonError::into_inner).polls.insert(url.to_owned());
    }

    /// This method + URL is an exiting action's submission.
    pub(crate) fn exit_request(&self, method: &str, url: &str) {
        let mut roles = self.roles.lock().unwrap_or_else(PoisonError::into_inner);
        roles.exits.insert((method.to_ascii_uppercase(), url.to_owned()));
    }

    /// Adds a finding about the whole flow (no request of its own).
    pub(crate) fn flow_finding(&self, violation: Violation) {
        let finding = Finding { request: None, status: None, violation };
        self.findings.lock().unwrap_or_else(PoisonError::into_inner).push(finding);
    }

    /// Everything found so far.
    pub(crate) fn findings(&self) -> Vec<Finding> {
        self.findings.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// How many exchanges were judged.
    pub(crate) fn exchanges(&self) -> usize {
        *self.exchanges.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn role(&self, request: &HttpRequest) -> Role {
        let roles = self.roles.lock().unwrap_or_else(PoisonError::into_inner);
        let url = request.url.to_string();
        let method = request.method.as_str().to_ascii_uppercase();
        if roles.exits.contains(&(method.clone(), url.clone())) {
            Role::ExitingAction
        } else if method == "GET" && roles.polls.contains(&url) {
            Role::Poll
        } else {
            Role::Other
        }
    }
}

#[async_trait]
impl Transport for Recorder {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let role = self.role(&request);
        let shown = format!(
            "{} {}",
            request.method,
            flow_poll::redact::redact_url_with(&request.url, &self.sensitive_query)
        );
        let response = match self.inner.send(request).await {
            Ok(response) => response,
            Err(error) => {
                let violation = Violation::new(Rule::TransportFailure, format!("no response: {error}"));
                let finding = Finding { request: Some(shown), status: None, violation };
                self.findings.lock().unwrap_or_else(PoisonError::into_inner).push(finding);
                return Err(error);
            }
        };
        *self.exchanges.lock().unwrap_or_else(PoisonError::into_inner) += 1;
        let violations = check_response(role, response.status.as_u16(), &response.headers, &response.body);
        if response.status.is_success() {
            self.learn_body(&response.body);
        }
        let mut findings = self.findings.lock().unwrap_or_else(PoisonError::into_inner);
        for violation in violations {
            findings.push(Finding {
                request: Some(shown.clone()),
                status: Some(response.status.as_u16()),
                violation,
            });
        }
        Ok(response)
    }
}
