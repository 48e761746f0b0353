"""Flows through the binding, against a spawned `dflow serve-example`
(the payment flow: form → server 422 → polling → done → exit), with the
built-in HTTP stack and with a Python HostTransport (urllib)."""

import gc
import json
import time
import unittest

from support import Recorder, ScriptedTransport, Server, UrllibTransport, dflow, json_response

VALUES = {"amount": 100, "currency": "EUR", "express": False}
SECRETS = {"Authorization": "Bearer sk-live-0123456789", "X-Api-Key": "key-abcdef-987", "Cookie": "session=s-424242"}


def status_requests(transport):
    return [p for p in transport.paths("/status") if p[1].endswith("/status")]


class PaymentFlow(unittest.TestCase):
    """The example backend's payment flow, end to end."""

    @classmethod
    def setUpClass(cls):
        cls.server = Server("--task-time", "2s", "--poll-delay", "1")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def start_url(self):
        return self.server.url + "/payment/start"

    def drive(self, flow, rec):
        """form → 422 → form again → processing (polling) → done → exit."""
        rec.wait_step("payment-details")
        flow.trigger("submit", json.dumps(VALUES))
        errors = rec.wait_for(lambda e: e.is_errors(), what="the server's 422")
        self.assertEqual(errors.status, 422)
        self.assertIn("amount", json.loads(errors.validation_json))
        self.assertEqual(flow.state().step_id, "payment-details", "the step stays")
        flow.trigger("submit", json.dumps(VALUES))
        rec.wait_step("processing")
        polled = rec.wait_for(lambda e: e.is_polling(), what="a poll")
        self.assertEqual((polled.attempt, polled.status), (1, 200))
        rec.wait_step("done", timeout=30)
        opened = rec.wait_for(lambda e: e.is_open_url())
        self.assertEqual(opened.source, dflow.UrlSource.EXTERNAL)
        self.assertTrue(opened.url.startswith(self.server.url + "/receipts/"), opened.url)
        flow.trigger("finish", "{}")
        end = rec.wait_terminal()
        self.assertTrue(end.is_exited(), end)
        result = json.loads(end.result_json)
        self.assertEqual((result["acknowledged"], result["amount"], result["currency"]), (True, 100, "EUR"))
        return result

    def check_events_and_state_agree(self, rec):
        shown = [(e, s) for e, s in zip(rec.events, rec.states) if e.is_step_shown()]
        self.assertEqual([e.step_id for e, _ in shown], ["payment-details", "processing", "done"])
        for event, state in shown:
            self.assertEqual(state.step_id, event.step_id, "state() seen from on_event reflects the event")
        # A non-step event may arrive before the test set `rec.flow` (then
        # nothing was seen for it); every step event is checked.
        for event, seen in zip(rec.events, rec.seen):
            if event.is_step_shown():
                screen_step, saved = seen
                self.assertEqual(screen_step, event.step_id, "screen() seen from on_event reflects the event")
                self.assertIn(f'"id":"{event.step_id}"'.encode(), saved.replace(b" ", b""))
        self.assertEqual(rec.states[-1].outcome, dflow.FlowOutcome.EXITED)

    def test_built_in_http_stack_end_to_end(self):
        rec = Recorder()
        flow = dflow.Flow.start(self.start_url(), "POST", None, {}, rec)
        rec.flow = flow
        self.drive(flow, rec)
        self.check_events_and_state_agree(rec)
        kinds = [k for k in rec.kinds() if k != "analytics"]
        self.assertEqual(kinds[:3], ["step", "errors", "step"])
        self.assertEqual(kinds[-3:], ["step", "open_url", "exit"])
        self.assertTrue(flow.is_ended())
        # Every event has its dflow run --json line.
        for line in rec.lines:
            self.assertIsInstance(line["event"], str)
        self.assertEqual(rec.lines[-1]["event"], "exit")

    def test_python_host_transport_end_to_end(self):
        rec = Recorder()
        transport = UrllibTransport()
        flow = dflow.Flow.start_with_transport(
            self.start_url(), "POST", '{"source": "python"}', {"Authorization": "Bearer t0k"}, rec, transport
        )
        rec.flow = flow
        self.drive(flow, rec)
        self.check_events_and_state_agree(rec)
        paths = [p for p in transport.paths() if not p[1].endswith("/status")]
        self.assertEqual(
            paths,
            [("POST", "/payment/start"), ("POST", "/payment/submit"), ("POST", "/payment/submit"),
             ("POST", "/payment/finish")],
        )
        self.assertGreaterEqual(len(status_requests(transport)), 1)
        first = transport.requests[0]
        self.assertEqual(json.loads(first.body), {"source": "python"})
        headers = {h.name.lower(): h.value for h in first.headers}
        self.assertEqual(headers.get("authorization"), "Bearer t0k")
        self.assertIsNotNone(first.timeout_ms)

    def test_screen_of_the_form(self):
        rec = Recorder()
        flow = dflow.Flow.start(self.start_url(), "POST", None, {}, rec)
        rec.wait_step("payment-details")
        screen = flow.screen()
        self.assertEqual((screen.step_id, screen.title), ("payment-details", "Send money"))
        forms = [n for n in screen.nodes if n.is_form()]
        self.assertEqual(len(forms), 1)
        fields = {f.path: f for f in forms[0].fields}
        self.assertEqual(list(fields), ["/amount", "/currency", "/express", "/reference"])
        self.assertEqual(fields["/amount"].kind, dflow.FieldKind.NUMBER)
        self.assertTrue(fields["/amount"].required)
        self.assertEqual(json.loads(fields["/amount"].value_json), 100)
        self.assertEqual(fields["/currency"].kind, dflow.FieldKind.SELECT)
        self.assertIn('"EUR"', [c.value_json for c in fields["/currency"].choices])
        self.assertIn("minimum", [r.rule for r in fields["/amount"].rules])
        buttons = [n.button for n in screen.nodes if n.is_button()]
        self.assertEqual([b.trigger.action_id for b in buttons], ["submit"])
        as_json = json.loads(flow.screen_json())
        self.assertEqual(as_json["stepId"], "payment-details")
        # After the server's 422, the screen shows its errors.
        flow.trigger("submit", json.dumps(VALUES))
        rec.wait_for(lambda e: e.is_errors())
        screen = flow.screen()
        self.assertIsNotNone(screen.errors.error)
        amount = [f for n in screen.nodes if n.is_form() for f in n.fields if f.path == "/amount"][0]
        self.assertIn("Rates moved", amount.error or "")
        flow.cancel()
        rec.wait_terminal()

    def test_validation_error_is_raised_and_nothing_is_sent(self):
        rec = Recorder()
        transport = UrllibTransport()
        flow = dflow.Flow.start_with_transport(self.start_url(), "POST", None, {}, rec, transport)
        rec.wait_step("payment-details")
        with self.assertRaises(dflow.CommandError.Validation) as raised:
            flow.trigger("submit", json.dumps({"amount": 0, "currency": "EUR"}))
        self.assertIn("/amount", json.loads(raised.exception.fields_json))
        self.assertIsInstance(raised.exception, dflow.CommandError)
        failed = rec.wait_for(lambda e: e.is_validation_failed())
        self.assertEqual([f.path for f in failed.fields], ["/amount"])
        self.assertEqual(failed.fields[0].rule, "minimum")
        with self.assertRaises(dflow.CommandError.UnknownAction) as unknown:
            flow.trigger("no-such-action", "{}")
        self.assertEqual(unknown.exception.action_id, "no-such-action")
        with self.assertRaises(dflow.CommandError.InvalidJson):
            flow.trigger("submit", "{not json")
        self.assertEqual(transport.paths(), [("POST", "/payment/start")], "nothing was sent")
        flow.cancel()
        rec.wait_terminal()
        with self.assertRaises(dflow.CommandError.Ended):
            flow.trigger("submit", json.dumps(VALUES))

    def test_cancel_stops_requests(self):
        rec = Recorder()
        transport = UrllibTransport()
        flow = dflow.Flow.start_with_transport(self.start_url(), "POST", None, {}, rec, transport)
        rec.wait_step("payment-details")
        flow.trigger("submit", json.dumps(VALUES))
        rec.wait_for(lambda e: e.is_errors())
        flow.trigger("submit", json.dumps(VALUES))
        rec.wait_step("processing")
        flow.cancel()
        self.assertTrue(rec.wait_terminal().is_cancelled())
        sent = len(transport.requests)
        time.sleep(2.5)  # two poll delays
        self.assertEqual(len(transport.requests), sent, "no request after cancel")
        self.assertEqual(flow.state().outcome, dflow.FlowOutcome.CANCELLED)
        flow.cancel()  # a no-op once ended

    def test_dropping_the_last_reference_cancels(self):
        rec = Recorder()
        transport = UrllibTransport()
        flow = dflow.Flow.start_with_transport(self.start_url(), "POST", None, {}, rec, transport)
        rec.wait_step("payment-details")
        flow.trigger("submit", json.dumps(VALUES))
        rec.wait_for(lambda e: e.is_errors())
        flow.trigger("submit", json.dumps(VALUES))
        rec.wait_step("processing")
        del flow
        gc.collect()
        self.assertTrue(rec.wait_terminal().is_cancelled())
        sent = len(transport.requests)
        time.sleep(2.5)
        self.assertEqual(len(transport.requests), sent, "no request after the flow was dropped")


class SaveAndRestore(unittest.TestCase):
    """A flow saved in the middle of polling, dropped (the process died)
    and restored: it shows its step again and polls on with the attempts it
    has left."""

    def reach_polling(self, server, transport, attempts):
        rec = Recorder()
        flow = dflow.Flow.start_with_transport(server.url + "/payment/start", "POST", None, SECRETS, rec, transport)
        rec.flow = flow
        rec.wait_step("payment-details")
        flow.trigger("submit", json.dumps(VALUES))
        rec.wait_for(lambda e: e.is_errors())
        flow.trigger("submit", json.dumps(VALUES))
        rec.wait_step("processing")
        rec.wait_for(lambda e: e.is_polling() and e.attempt == attempts, what=f"poll {attempts}")
        rec.flow = None  # an observer holding its flow would keep it alive
        return flow, rec

    def restore(self, state, transport):
        rec = Recorder()
        flow = dflow.Flow.restore_with_transport(state, SECRETS, rec, transport)
        rec.flow = flow
        shown = rec.wait_step("processing")
        self.assertEqual(shown.reason, dflow.ShowReason.RESUMED)
        return flow, rec

    def test_restored_flow_finishes_without_exceeding_max_attempts(self):
        server = Server("--task-time", "4s", "--poll-delay", "1", "--poll-attempts", "8")
        try:
            transport = UrllibTransport()
            flow, rec = self.reach_polling(server, transport, 2)
            state = flow.save_state()
            del flow  # the process died
            gc.collect()
            self.assertTrue(rec.wait_terminal().is_cancelled())
            self.assertEqual(len(status_requests(transport)), 2)
            flow, rec = self.restore(state, transport)
            polled = rec.wait_for(lambda e: e.is_polling())
            self.assertEqual((polled.attempt, polled.max_attempts), (3, 8), "attempts go on from the first life")
            rec.wait_step("done", timeout=30)
            flow.trigger("finish", "{}")
            self.assertTrue(rec.wait_terminal().is_exited())
            self.assertLessEqual(len(status_requests(transport)), 8)
            # The headers were supplied again, not read from the state.
            last = {h.name.lower(): h.value for h in transport.requests[-1].headers}
            self.assertEqual(last.get("authorization"), SECRETS["Authorization"])
        finally:
            server.stop()

    def test_restored_flow_uses_only_the_attempts_left(self):
        server = Server("--task-time", "60s", "--poll-delay", "1", "--poll-attempts", "4")
        try:
            transport = UrllibTransport()
            flow, rec = self.reach_polling(server, transport, 2)
            state = flow.save_state()
            del flow
            gc.collect()
            rec.wait_terminal()
            flow, rec = self.restore(state, transport)
            failed = rec.wait_for(lambda e: e.is_polling_failed(), what="polling to give up")
            self.assertEqual(failed.reason, "max_attempts")
            attempts = [e.attempt for e in rec.events if e.is_polling()]
            self.assertEqual(attempts, [3, 4])
            rec.wait_step("late")
            self.assertEqual(len(status_requests(transport)), 4, "maxAttempts across both lives")
            flow.cancel()
        finally:
            server.stop()

    def test_no_secret_in_a_saved_state(self):
        server = Server("--task-time", "60s", "--poll-delay", "1")
        try:
            transport = UrllibTransport()
            flow, rec = self.reach_polling(server, transport, 1)
            state = flow.save_state()
            self.assertIsInstance(state, bytes)
            for value in SECRETS.values():
                self.assertNotIn(value.encode(), state)
                self.assertNotIn(value.split()[-1].encode(), state)
            for name in SECRETS:
                self.assertNotIn(name.lower().encode(), state.lower())
            parsed = json.loads(state)
            self.assertIn("version", parsed)
            # It was sent, though.
            sent = {h.name.lower(): h.value for h in transport.requests[0].headers}
            self.assertEqual(sent.get("x-api-key"), SECRETS["X-Api-Key"])
            flow.cancel()
        finally:
            server.stop()

    def test_a_state_of_an_unknown_version_is_a_typed_error(self):
        with self.assertRaises(dflow.FlowStartError.InvalidState):
            dflow.Flow.restore(b'{"format": "dflow.flow-state", "version": 999}', {}, Recorder())
        with self.assertRaises(dflow.FlowStartError.InvalidState):
            dflow.Flow.restore(b"not a state", {}, Recorder())


START = "https://flow.example/start"


class HostTransportFailures(unittest.TestCase):
    """What a Python transport raises is the runtime's transport failure."""

    def start(self, server, step):
        transport = ScriptedTransport("https://flow.example/", server, extra={
            START: json_response(step, headers=[("X-DF-Response-Type", "step")])})
        rec = Recorder()
        flow = dflow.Flow.start_with_transport(START, "GET", None, {}, rec, transport)
        rec.flow = flow
        return flow, rec, transport

    def test_a_raised_failure_counts_as_a_poll_attempt_and_polling_goes_on(self):
        step = {"id": "wait", "layout": [], "polling": {
            "url": "/status", "delay": 1, "maxAttempts": 5,
            "onError": {"behavior": {"type": "action", "action": {"exit": True, "result": {"failed": True}}}}}}
        server = {"GET /status": [{"error": "connect"}, {"error": "reset"},
                                  {"status": 200, "headers": {"X-DF-Response-Type": "exit"}, "body": {"ok": 1}}]}
        flow, rec, transport = self.start(server, step)
        end = rec.wait_terminal()
        self.assertEqual(json.loads(end.result_json), {"ok": 1})
        polls = [e for e in rec.events if e.is_polling()]
        self.assertEqual([(p.attempt, p.status) for p in polls], [(1, None), (2, None), (3, 200)])
        self.assertIn("scripted connect error", polls[0].error)
        self.assertEqual(transport.unexpected, [])

    def test_any_exception_the_host_raises_is_a_transport_failure(self):
        class Broken(dflow.HostTransport):
            def send(self, request):
                raise OSError("the radio is off")

        rec = Recorder()
        flow = dflow.Flow.start_with_transport(START, "POST", None, {}, rec, Broken())
        end = rec.wait_terminal()
        self.assertTrue(flow.is_ended())
        self.assertTrue(end.is_failed(), end)
        self.assertEqual(end.reason, "transport")
        self.assertIn("the radio is off", end.detail)

    def test_a_second_trigger_while_one_is_in_flight_is_busy(self):
        step = {"id": "form", "layout": [
            {"type": "button", "behavior": {"type": "action", "action": {"id": "go", "url": "/slow"}}}]}
        server = {"POST /slow": [{"status": 200, "latency_ms": 800, "body": {"id": "next", "layout": []}}]}
        flow, rec, transport = self.start(server, step)
        rec.wait_step("form")
        started = time.monotonic()
        flow.trigger("go", "{}")
        self.assertLess(time.monotonic() - started, 0.5, "trigger returns once accepted")
        self.assertTrue(flow.state().busy)
        with self.assertRaises(dflow.CommandError.Busy):
            flow.trigger("go", "{}")
        with self.assertRaises(dflow.CommandError.Busy):
            flow.back()
        rec.wait_step("next")
        self.assertEqual([r["path"] for r in transport.requests], ["/slow"])
        flow.back()
        self.assertEqual(rec.wait_step("form").reason, dflow.ShowReason.BACK)
        flow.cancel()

    def test_refresh_posts_the_values_and_shows_the_refreshed_step(self):
        step = {"id": "quote", "refreshUrl": "/refresh", "model": {"amount": 5}, "layout": []}
        server = {"POST /refresh": [
            {"status": 200, "body": {"id": "quote", "title": "Refreshed", "refreshUrl": "/refresh", "layout": []}},
            {"status": 200, "body": {"id": "quote", "title": "Again", "layout": []}}]}
        flow, rec, transport = self.start(server, step)
        rec.wait_step("quote")
        flow.refresh()
        self.assertEqual(rec.wait_step("quote").reason, dflow.ShowReason.REFRESHED)
        flow.refresh_with_values('{"amount": 7}')
        rec.wait_for(lambda e: e.is_step_shown() and json.loads(e.step_json)["title"] == "Again")
        self.assertEqual([r["body"] for r in transport.requests], [{"amount": 5}, {"amount": 7}])
        self.assertEqual(flow.screen().title, "Again")
        flow.cancel()


if __name__ == "__main__":
    unittest.main()
