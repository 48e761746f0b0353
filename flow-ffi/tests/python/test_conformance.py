"""The public conformance samples (tests/conformance/samples/, format in
docs/conformance-format.md) run through the binding, with a scripted
Python HostTransport (support.ScriptedTransport) as the server and a
scripted user.

Time is real here, not virtual: each scenario runs in its own thread, all
at once, and `at_ms` is checked within a tolerance (never early, at most
LATE_MS late). A scenario that starts from a ready step begins with a
synthetic `GET <base>__conformance_start` answered with that step (the
binding starts flows from a request); that request is not counted.
"""

import json
import os
import threading
import time
import unittest
import urllib.parse

from support import ROOT, Recorder, ScriptedTransport, dflow, json_response

SAMPLES = os.path.join(ROOT, "tests", "conformance", "samples")
EARLY_MS = 30
LATE_MS = 1500
DEFAULT_BASE = "https://flow.example/"


def load(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    return data if isinstance(data, list) else [data]


def subset(partial, whole):
    """Every member of `partial` is in `whole` and equal (recursively; arrays whole)."""
    if isinstance(partial, dict):
        return isinstance(whole, dict) and all(k in whole and subset(v, whole[k]) for k, v in partial.items())
    return partial == whole


def event_matches(expected, line):
    kind = expected["type"]
    if line["event"] != kind:
        return False
    for key, value in expected.items():
        if key == "type":
            continue
        if kind == "step" and key == "id":
            if line["step"].get("id") != value:
                return False
        elif kind == "errors" and line.get("origin") != "server":
            return False
        elif kind == "failed" and key == "reason":
            continue
        elif line.get(key) != value:
            return False
    return True


class Run:
    """One scenario through the binding."""

    def __init__(self, scenario):
        self.scenario = scenario
        self.problems = []
        self.base = scenario.get("base_url", DEFAULT_BASE)
        self.moves = list(scenario.get("user", []))
        self.rec = Recorder()

    def start(self):
        start = self.scenario["start"]
        extra = {}
        if "step" in start:
            url = urllib.parse.urljoin(self.base, "__conformance_start")
            extra[url] = json_response(start["step"], headers=[("X-DF-Response-Type", "step")])
            method, body = "GET", None
        else:
            request = start["request"]
            url = urllib.parse.urljoin(self.base, request["url"])
            method = request.get("method", "POST")
            body = json.dumps(request["data"]) if "data" in request else None
        self.transport = ScriptedTransport(self.base, self.scenario.get("server", {}), extra)
        self.flow = dflow.Flow.start_with_transport(url, method, body, {}, self.rec, self.transport)

    def settled(self, timeout=30.0):
        """Waits until the flow ended, or is idle on a step with no polling
        and no scripted move left; plays the user's moves on the way."""
        deadline = time.monotonic() + timeout
        shown_at = {}
        last_move = time.monotonic()
        while time.monotonic() < deadline:
            state = self.flow.state()
            if state.outcome is not None:
                # The state is published before the event is delivered.
                self.rec.wait_terminal(max(deadline - time.monotonic(), 1))
                return state
            with self.rec.condition:
                for event in self.rec.events:
                    if event.is_step_shown():
                        shown_at.setdefault(event.step_id, self.rec.times[self.rec.events.index(event)])
            if not state.busy and state.step_id is not None:
                if self.moves and self.moves[0]["on_step"] == state.step_id:
                    move = self.moves[0]
                    since = max(shown_at.get(state.step_id, 0), last_move)
                    if time.monotonic() - since >= move.get("after_ms", 0) / 1000:
                        self.moves.pop(0)
                        self.play(move)
                        last_move = time.monotonic()
                        time.sleep(0.05)
                        continue
                elif not self.moves and not state.polling:
                    time.sleep(0.2)  # nothing more may happen
                    again = self.flow.state()
                    if not again.busy and not again.polling and again.step_id == state.step_id:
                        return again
            time.sleep(0.02)
        self.problems.append("did not settle in time")
        return self.flow.state()

    def play(self, move):
        step = json.loads(self.flow.step_json() or "{}")
        values = json.dumps(move.get("values", step.get("model") or {}))
        try:
            if "action" in move:
                self.flow.trigger_action(json.dumps(move["action"]), values)
            elif "action_id" in move:
                self.flow.trigger(move["action_id"], values)
            elif move.get("back"):
                self.flow.back()
        except dflow.CommandError as error:
            self.problems.append(f"move {move} refused: {error!r}")
        # Wait for the move's request to be handled.
        deadline = time.monotonic() + 10
        while self.flow.state().busy and time.monotonic() < deadline:
            time.sleep(0.02)

    def check(self):
        expect = self.scenario["expect"]
        state = self.settled()
        self.flow.cancel()
        lines = list(self.rec.lines)
        outcome = expect["outcome"]
        if "exit" in outcome:
            ends = [line for line in lines if line["event"] == "exit"]
            if not ends or ends[-1]["result"] != outcome["exit"]:
                self.problems.append(f"expected exit {outcome['exit']}, got {ends or state.outcome}")
        elif "step" in outcome:
            if state.outcome is not None:
                self.problems.append(f"expected to stop on a step, the flow ended {state.outcome}")
            else:
                step = json.loads(self.flow.step_json() or "null")
                if not subset(outcome["step"], step):
                    self.problems.append(f"expected step {outcome['step']}, on {step}")
        elif "failed" in outcome:
            ends = [line for line in lines if line["event"] == "failed"]
            if not ends:
                self.problems.append(f"expected the flow to fail, got {state.outcome}")
        if self.moves:
            self.problems.append(f"moves left unused: {self.moves}")
        if self.transport.unexpected:
            self.problems.append(f"unexpected requests: {self.transport.unexpected}")
        if "requests" in expect:
            self.check_requests(expect["requests"])
        position = 0
        for expected in expect.get("events", []):
            while position < len(lines) and not event_matches(expected, lines[position]):
                position += 1
            if position == len(lines):
                self.problems.append(f"event {expected} not seen in order")
                break
            position += 1
        return self.problems

    def check_requests(self, expected):
        sent = self.transport.requests
        got = [(r["method"], r["path"]) for r in sent]
        want = [(e["method"], e["path"]) for e in expected]
        if got != want:
            self.problems.append(f"requests {got}, expected {want}")
            return
        for request, wanted in zip(sent, expected):
            if "at_ms" in wanted and not (wanted["at_ms"] - EARLY_MS <= request["at_ms"] <= wanted["at_ms"] + LATE_MS):
                self.problems.append(f"{wanted['path']} sent at {request['at_ms']:.0f} ms, expected {wanted['at_ms']}")
            if "body" in wanted and request["body"] != wanted["body"]:
                self.problems.append(f"{wanted['path']} body {request['body']}, expected {wanted['body']}")


class ConformanceSamples(unittest.TestCase):
    """Every sample scenario, run at once in threads of their own."""

    @classmethod
    def setUpClass(cls):
        cls.results = {}
        runs = []
        for name in sorted(os.listdir(SAMPLES)):
            if name.endswith(".json"):
                for scenario in load(os.path.join(SAMPLES, name)):
                    runs.append((name, scenario))
        cls.names = [name for name, _ in runs]

        def run(name, scenario):
            try:
                attempt = Run(scenario)
                attempt.start()
                cls.results.setdefault(name, []).extend(attempt.check())
            except Exception as error:  # noqa: BLE001 - reported as the scenario's failure
                cls.results.setdefault(name, []).append(f"crashed: {error!r}")

        threads = [threading.Thread(target=run, args=pair) for pair in runs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)

    def test_there_are_samples(self):
        self.assertGreaterEqual(len(self.names), 7)


def _make(name):
    def test(self):
        self.assertIn(name, self.results, "the scenario did not finish")
        self.assertEqual(self.results[name], [], name)

    return test


for _name in sorted(os.listdir(SAMPLES)):
    if _name.endswith(".json"):
        setattr(ConformanceSamples, "test_" + _name[:-5].replace("-", "_"), _make(_name))


if __name__ == "__main__":
    unittest.main()
