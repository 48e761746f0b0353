"""Helpers for the binding's Python tests: the `dflow` module, a spawned
`dflow serve-example`, an observer that records events, a HostTransport
over urllib and a scripted one.

Environment (set by flow-ffi/test-python.sh):
  DFLOW_PY_DIR  the directory holding dflow.py and the shared library
  DFLOW_BIN     the dflow binary (for `dflow serve-example`)
"""

import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))

sys.path.insert(0, os.environ.get("DFLOW_PY_DIR", os.path.join(ROOT, "target", "dflow-python")))
import dflow  # noqa: E402

DFLOW_BIN = os.environ.get("DFLOW_BIN", os.path.join(ROOT, "target", "debug", "dflow"))


class Server:
    """`dflow serve-example` on a free loopback port, with backend flags."""

    def __init__(self, *flags):
        self.process = subprocess.Popen(
            [DFLOW_BIN, "serve-example", "--addr", "127.0.0.1:0", *flags],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        line = self.process.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:\d+", line)
        if not found:
            self.stop()
            raise RuntimeError(f"dflow serve-example did not start: {line!r}")
        self.url = found.group(0)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout:
            self.process.stdout.close()


class Recorder(dflow.FlowObserver, dflow.PollObserver):
    """Records every event (with the time it arrived) and lets a test wait
    for one; optionally runs `react(recorder, event)` on the observer's
    thread."""

    def __init__(self, react=None):
        self.events = []
        self.lines = []
        self.times = []
        self.states = []
        self.seen = []  # (screen().step_id, save_state()) seen from on_event
        self.react = react
        self.flow = None  # set by tests that look at the flow from the callback
        self.condition = threading.Condition()

    def on_event(self, event):
        line = json.loads(dflow.event_json(event)) if hasattr(event, "is_step_shown") else None
        flow = self.flow
        state = flow.state() if flow is not None else None
        seen = (flow.screen().step_id, flow.save_state()) if flow is not None else None
        with self.condition:
            self.events.append(event)
            self.lines.append(line)
            self.times.append(time.monotonic())
            self.states.append(state)
            self.seen.append(seen)
            self.condition.notify_all()
        if self.react is not None:
            self.react(self, event)

    def wait_for(self, predicate, timeout=20.0, what="an event"):
        """Waits until `predicate(event)` holds for an event not yet
        waited for; returns it."""
        deadline = time.monotonic() + timeout
        with self.condition:
            while True:
                for index in range(getattr(self, "_seen", 0), len(self.events)):
                    if predicate(self.events[index]):
                        self._seen = index + 1
                        return self.events[index]
                left = deadline - time.monotonic()
                if left <= 0:
                    kinds = [type(e).__name__ for e in self.events]
                    raise AssertionError(f"timed out waiting for {what}; events so far: {kinds}")
                self.condition.wait(left)

    def wait_step(self, step_id, timeout=20.0):
        return self.wait_for(
            lambda e: e.is_step_shown() and e.step_id == step_id, timeout, f"step {step_id!r}"
        )

    def wait_terminal(self, timeout=20.0):
        return self.wait_for(
            lambda e: e.is_exited() or e.is_failed() or e.is_cancelled(), timeout, "the end of the flow"
        )

    def kinds(self):
        with self.condition:
            return [line["event"] if line else type(e).__name__ for e, line in zip(self.events, self.lines)]


def header_list(headers):
    return [dflow.HttpHeader(name=k, value=v) for k, v in headers]


class UrllibTransport(dflow.HostTransport):
    """The host's HTTP stack: urllib, recording every request."""

    def __init__(self):
        self.requests = []
        self.lock = threading.Lock()

    def send(self, request):
        with self.lock:
            self.requests.append(request)
        http_request = urllib.request.Request(
            request.url,
            data=request.body,
            method=request.method,
            headers={h.name: h.value for h in request.headers},
        )
        timeout = request.timeout_ms / 1000 if request.timeout_ms else 30
        try:
            with urllib.request.urlopen(http_request, timeout=timeout) as response:
                return dflow.HttpResponse(
                    status=response.status, headers=header_list(response.headers.items()), body=response.read()
                )
        except urllib.error.HTTPError as error:
            # An error status is an answer, not a transport failure.
            return dflow.HttpResponse(status=error.code, headers=header_list(error.headers.items()), body=error.read())
        except urllib.error.URLError as error:
            raise dflow.TransportFailure.Connect(detail=str(error.reason))

    def paths(self, contains=""):
        with self.lock:
            return [
                (r.method, urllib.parse.urlsplit(r.url).path) for r in self.requests if contains in r.url
            ]


class ScriptedTransport(dflow.HostTransport):
    """Answers from a conformance scenario's `server` map: `"METHOD /path"`
    → replies served in order (`status`, `headers`, `body` / `body_text`,
    `latency_ms`, `error`, `repeat`). Records each request with the time it
    was sent, relative to `t0`."""

    def __init__(self, base_url, server, extra=None):
        self.base = urllib.parse.urlsplit(base_url)
        self.routes = {}
        for key, replies in server.items():
            queue = []
            for reply in replies:
                queue.extend([reply] * int(reply.get("repeat", 1)))
            self.routes[key] = queue
        self.extra = extra or {}
        self.requests = []
        self.unexpected = []
        self.lock = threading.Lock()
        self.t0 = time.monotonic()

    def send(self, request):
        url = urllib.parse.urlsplit(request.url)
        at_ms = (time.monotonic() - self.t0) * 1000
        if request.url in self.extra:
            return self.extra[request.url]
        path = url.path + (f"?{url.query}" if url.query else "")
        body = json.loads(request.body) if request.body else None
        with self.lock:
            self.requests.append({"method": request.method, "path": path, "at_ms": at_ms, "body": body,
                                  "headers": {h.name.lower(): h.value for h in request.headers}})
            if (url.scheme, url.netloc) != (self.base.scheme, self.base.netloc):
                raise dflow.TransportFailure.Connect(detail=f"no route to {url.netloc}")
            keys = [f"{request.method} {path}", f"{request.method} {url.path}"]
            queue = next((self.routes[k] for k in keys if k in self.routes), None)
            if not queue:
                self.unexpected.append(f"{request.method} {path}")
                raise dflow.TransportFailure.Failed(detail=f"unexpected request {request.method} {path}")
            reply = queue.pop(0)
        if reply.get("latency_ms"):
            time.sleep(reply["latency_ms"] / 1000)
        error = reply.get("error")
        if error == "connect":
            raise dflow.TransportFailure.Connect(detail="scripted connect error")
        if error:
            raise dflow.TransportFailure.Failed(detail=f"scripted {error}")
        headers = dict(reply.get("headers", {}))
        if "body_text" in reply:
            payload = reply["body_text"].encode()
        elif "body" in reply:
            payload = json.dumps(reply["body"]).encode()
            headers.setdefault("Content-Type", "application/json")
        else:
            payload = b""
        return dflow.HttpResponse(status=int(reply.get("status", 200)), headers=header_list(headers.items()),
                                  body=payload)


def json_response(value, status=200, headers=()):
    return dflow.HttpResponse(
        status=status,
        headers=header_list([("Content-Type", "application/json"), *headers]),
        body=json.dumps(value).encode(),
    )
