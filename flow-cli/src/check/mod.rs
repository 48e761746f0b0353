//! `dflow check`: drives a real backend the way `dflow run --auto` does and
//! reports every protocol violation it sees, each with the request that
//! produced it (see [`rules`] for what is checked).

pub(crate) mod recorder;
pub(crate) mod rules;

use std::sync::Arc;

use flow_model::Action;
use flow_runtime::host::FlowBuilder;
use flow_runtime::{ReqwestTransport, RuntimeConfig};

use crate::driver::auto::Auto;
use crate::driver::{Chooser, Driver, Stop};
use crate::report::Reporter;
use recorder::{Finding, Recorder};

/// What a check found.
#[derive(Debug)]
pub(crate) struct CheckReport {
    /// Every violation, in the order seen.
    pub(crate) findings: Vec<Finding>,
    /// How the flow ended.
    pub(crate) stop: Stop,
    /// How many responses were judged.
    pub(crate) exchanges: usize,
}

/// Drives the flow started by `request` with `--auto` moves and judges every answer.
pub(crate) async fn check(request: Action, config: RuntimeConfig) -> Result<CheckReport, String> {
    let url = request.url.clone().unwrap_or_default();
    let base = url::Url::parse(&url).map_err(|e| format!("invalid URL {url:?}: {e}"))?;
    let transport = ReqwestTransport::new(&config).map_err(|e| e.message)?;
    let recorder = Arc::new(Recorder::new(Arc::new(transport), base));
    let (handle, events) = FlowBuilder::from_request(request)
        .config(config)
        .transport(recorder.clone())
        .start()
        .map_err(|e| e.to_string())?;
    let mut reporter = Reporter::new(None, None, Box::new(std::io::sink()), false);
    let mut chooser = Chooser::Auto(Auto);
    let stop = Driver::new(handle, events, &mut reporter).run(&mut chooser).await;
    Ok(CheckReport { findings: recorder.findings(), stop, exchanges: recorder.exchanges() })
}

#[cfg(test)]
mod tests;
