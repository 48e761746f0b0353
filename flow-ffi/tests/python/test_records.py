"""The records of the contract (issue #16) built as it writes them: by
position, in field order (`HttpHeader(name, value)`,
`HttpResponse(status, headers, body)`, `HttpRequest(method, url, headers,
body, timeout_ms)`), by keyword, or both; and a Python HostTransport that
answers with positional records drives a flow to its exit.
"""

import json
import unittest

from support import Recorder, dflow


class Records(unittest.TestCase):
    def test_by_position_by_keyword_and_both(self):
        header = dflow.HttpHeader("Accept", "*/*")
        self.assertEqual((header.name, header.value), ("Accept", "*/*"))
        self.assertEqual(header, dflow.HttpHeader(name="Accept", value="*/*"))
        response = dflow.HttpResponse(200, [header], body=b"{}")
        self.assertEqual((response.status, response.headers, response.body), (200, [header], b"{}"))
        request = dflow.HttpRequest("GET", "https://flow.example/a", [], None, 5000)
        self.assertEqual((request.method, request.url, request.body, request.timeout_ms), ("GET", "https://flow.example/a", None, 5000))

    def test_wrong_arguments_are_type_errors(self):
        with self.assertRaises(TypeError):
            dflow.HttpHeader("a", "b", "c")
        with self.assertRaises(TypeError):
            dflow.HttpHeader("a", name="b")

    def test_a_transport_answering_with_positional_records(self):
        class Transport(dflow.HostTransport):
            def __init__(self):
                self.requests = []

            def send(self, request):
                self.requests.append((request.method, request.url))
                exit_answer = {"result": "done"}
                return dflow.HttpResponse(
                    200,
                    [dflow.HttpHeader("Content-Type", "application/json"), dflow.HttpHeader("X-DF-Response-Type", "exit")],
                    json.dumps(exit_answer).encode(),
                )

        transport = Transport()
        rec = Recorder()
        flow = dflow.Flow.start_with_transport("https://flow.example/start", "POST", "{}", {}, rec, transport)
        rec.wait_terminal(10)
        ends = [line for line in rec.lines if line["event"] == "exit"]
        self.assertEqual(len(ends), 1, rec.lines)
        self.assertEqual(ends[0]["result"], {"result": "done"})
        self.assertEqual(transport.requests, [("POST", "https://flow.example/start")])
        self.assertTrue(flow.is_ended())


if __name__ == "__main__":
    unittest.main()
