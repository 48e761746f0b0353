"""The general poller through the binding: `Poll.start` against the
example backend's job API, and `Poll.start_with_transport` with a
scripted Python transport."""

import json
import time
import unittest
import urllib.request

from support import Recorder, ScriptedTransport, Server, dflow

BASE = "https://jobs.example/"


def scripted(replies):
    return ScriptedTransport(BASE, {"GET /jobs/7": replies})


class PollJobs(unittest.TestCase):
    def test_job_api_until_succeeded(self):
        server = Server("--task-time", "2s")
        try:
            request = urllib.request.Request(
                server.url + "/jobs", data=b'{"id": "ffi-1"}', method="POST",
                headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=10) as answer:
                self.assertEqual(answer.status, 202)
            rec = Recorder()
            poll = dflow.Poll.start(
                server.url + "/jobs/ffi-1", ['$response.body#/status == "Succeeded"'],
                ['$response.body#/status == "Failed"'], 500, 40, 30_000, {"X-Api-Key": "k"}, rec)
            result = poll.wait()
            self.assertEqual(result.http_status, 200)
            self.assertEqual(json.loads(result.body)["status"], "Succeeded")
            self.assertTrue(poll.is_finished())
            end = rec.wait_for(lambda e: e.is_succeeded(), what="the success event")
            self.assertEqual(end.result, result)
            progress = [e for e in rec.events if e.is_progress()]
            self.assertGreaterEqual(len(progress), 2)
            self.assertEqual([p.attempt for p in progress], list(range(1, len(progress) + 1)))
            self.assertIn(progress[0].status, ("NotStarted", "Running"))
            self.assertEqual(progress[0].max_attempts, 40)
        finally:
            server.stop()


class PollScripted(unittest.TestCase):
    def test_progress_then_the_final_body(self):
        transport = scripted([
            {"body": {"status": "running", "percentComplete": 10}},
            {"body": {"status": "running", "percentComplete": 60}},
            {"body": {"status": "done", "answer": 42}},
        ])
        rec = Recorder()
        poll = dflow.Poll.start_with_transport(
            BASE + "jobs/7", ["$response.body#/status == 'done'"], [], 100, 10, None, {}, rec, transport)
        result = poll.wait()
        self.assertEqual(json.loads(result.body), {"status": "done", "answer": 42})
        rec.wait_for(lambda e: e.is_succeeded())
        progress = [e for e in rec.events if e.is_progress()]
        self.assertEqual([(p.attempt, p.percent) for p in progress], [(1, 10.0), (2, 60.0), (3, None)])
        self.assertEqual(progress[-1].next_delay_ms, None, "polling ends there")
        self.assertEqual(len(transport.requests), 3)
        gaps = [b["at_ms"] - a["at_ms"] for a, b in zip(transport.requests, transport.requests[1:])]
        self.assertTrue(all(g >= 95 for g in gaps), gaps)

    def test_a_failure_condition_fails_with_the_answer(self):
        transport = scripted([{"body": {"status": "running"}}, {"body": {"status": "broken"}}])
        rec = Recorder()
        poll = dflow.Poll.start_with_transport(
            BASE + "jobs/7", ["$response.body#/status == 'done'"], ["$response.body#/status == 'broken'"],
            50, 10, None, {}, rec, transport)
        with self.assertRaises(dflow.PollError.Failed) as raised:
            poll.wait()
        self.assertEqual(raised.exception.kind, "failure_matched")
        self.assertEqual(raised.exception.http_status, 200)
        self.assertEqual(json.loads(raised.exception.body), {"status": "broken"})
        end = rec.wait_for(lambda e: e.is_failed())
        self.assertEqual(end.error.kind, "failure_matched")

    def test_attempts_run_out(self):
        transport = scripted([{"body": {"status": "running"}, "repeat": 3}])
        poll = dflow.Poll.start_with_transport(
            BASE + "jobs/7", ["$response.body#/status == 'done'"], [], 50, 3, None, {}, Recorder(), transport)
        with self.assertRaises(dflow.PollError.Failed) as raised:
            poll.wait()
        self.assertEqual(raised.exception.kind, "attempts_exhausted")
        self.assertEqual(len(transport.requests), 3)

    def test_cancel_stops_requests(self):
        transport = scripted([{"body": {"status": "running"}, "repeat": 100}])
        rec = Recorder()
        poll = dflow.Poll.start_with_transport(
            BASE + "jobs/7", ["$response.body#/status == 'done'"], [], 200, None, None, {}, rec, transport)
        rec.wait_for(lambda e: e.is_progress())
        poll.cancel()
        with self.assertRaises(dflow.PollError.Failed) as raised:
            poll.wait()
        self.assertEqual(raised.exception.kind, "cancelled")
        sent = len(transport.requests)
        time.sleep(0.6)
        self.assertEqual(len(transport.requests), sent)

    def test_a_bad_condition_is_an_invalid_argument(self):
        with self.assertRaises(dflow.PollError.InvalidArgument):
            dflow.Poll.start(BASE + "jobs/7", ["$response.body#/status ==="], [], 100, 3, None, {}, Recorder())
        with self.assertRaises(dflow.PollError.InvalidArgument):
            dflow.Poll.start("not a url", [], [], 100, 3, None, {}, Recorder())


if __name__ == "__main__":
    unittest.main()
