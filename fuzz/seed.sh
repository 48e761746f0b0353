#!/usr/bin/env bash
# Seeds fuzz/corpus/<target>/ from the project's own fixtures, conformance
# scenarios and test inputs. Idempotent: files are named by the SHA-1 of their
# content (libFuzzer's own naming), so running it again adds nothing new.
#
#   fuzz/seed.sh            # all targets
#
# The byte layout of the structured targets (poll_answer, flow_response,
# retry_after) follows `arbitrary` 1.x as the targets read it: integers little
# endian, a `true` byte before each Vec element and `false` after the last,
# enum variants as a u32 scaled to the variant count, byte-string lengths
# taken from the END of the input. See fuzz_targets/http_input.rs.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
exec python3 - "$here" <<'PY'
import hashlib, json, os, re, sys

fuzz = sys.argv[1]
root = os.path.dirname(fuzz)
corpus = os.path.join(fuzz, "corpus")
counts = {}

def put(target, data):
    if isinstance(data, str):
        data = data.encode()
    d = os.path.join(corpus, target)
    os.makedirs(d, exist_ok=True)
    p = os.path.join(d, hashlib.sha1(data).hexdigest())
    if not os.path.exists(p):
        with open(p, "wb") as f:
            f.write(data)
    counts[target] = counts.get(target, 0) + 1

def files(base, suffix):
    for dirpath, _, names in os.walk(os.path.join(root, base)):
        for n in sorted(names):
            if n.endswith(suffix):
                yield os.path.join(dirpath, n)

def read(p):
    with open(p, encoding="utf-8") as f:
        return f.read()

# --- the arbitrary layout -------------------------------------------------
# Mirrors fuzz_targets/http_input.rs:
#   Header { name: Name, value: &[u8] }
#   Name { ResponseType, ETag, ContentType, Location, RetryAfter, RetryAfterMs,
#          MsRetryAfterMs, Date, Other(&[u8]) }
NAMES = ["x-df-response-type", "etag", "content-type", "location", "retry-after",
         "retry-after-ms", "x-ms-retry-after-ms", "date"]
VARIANTS = len(NAMES) + 1

def variant(i):
    # derive(Arbitrary): index = (u32 * count) >> 32
    v = -(-(i << 32) // VARIANTS)
    return v.to_bytes(4, "little")

def layout(front_items, rest=b""):
    """front_items: list of bytes (fixed fields) or ("sized", bytes) for a
    byte string whose length arbitrary reads from the end of the data."""
    # The width of each length depends on how much data remains when it is
    # read; iterate until the widths settle.
    sized = [x[1] for x in front_items if isinstance(x, tuple)]
    widths = [1] * len(sized)
    while True:
        fixed = sum(len(x) if not isinstance(x, tuple) else len(x[1]) for x in front_items)
        total = fixed + len(rest) + sum(widths)
        # replay reading to get the remaining length before each length read
        remaining, consumed_back, k, new = total, 0, 0, []
        for x in front_items:
            if isinstance(x, tuple):
                r = remaining
                w = 1 if r <= 256 else 2 if r <= 65537 else 4
                new.append(w)
                remaining -= w + len(x[1])
                k += 1
            else:
                remaining -= len(x)
        if new == widths:
            break
        widths = new
    front = b"".join(x if not isinstance(x, tuple) else x[1] for x in front_items)
    back = b""
    for s, w in zip(sized, widths):
        back = len(s).to_bytes(w, "big") + back
    return front + rest + back

def header_items(headers):
    items = []
    for name, value in headers:
        items.append(b"\x01")
        lower = name.lower()
        if lower in NAMES:
            items.append(variant(NAMES.index(lower)))
        else:
            items.append(variant(len(NAMES)))
            items.append(("sized", name.encode()))
        items.append(("sized", value.encode() if isinstance(value, str) else value))
    items.append(b"\x00")
    return items

def http_input(status, exit, headers, body):
    # HttpInput { status: u16 (100 + n % 900), exit: bool, headers: Vec<Header>, body: rest }
    code = (status - 100) % 900
    items = [code.to_bytes(2, "little"), b"\x01" if exit else b"\x00"] + header_items(headers)
    return layout(items, body)

def retry_input(now, headers):
    # RetryInput { now: i64 (seconds from the epoch), headers: Vec<Header> }
    return layout([now.to_bytes(8, "little", signed=True)] + header_items(headers))

# --- parse_step: fixtures and the bodies inside scenarios -----------------
for p in files("flow-model/tests/fixtures", ".json"):
    put("parse_step", read(p))

scenario_files = [p for p in files("tests/conformance", ".json") if not p.endswith(".schema.json")]
for p in scenario_files:
    text = read(p)
    put("scenario", text)
    doc = json.loads(text)
    for scenario in doc if isinstance(doc, list) else [doc]:
        start = scenario.get("start", {})
        if "step" in start:
            put("parse_step", json.dumps(start["step"]))
        for key, replies in scenario.get("server", {}).items():
            for reply in replies:
                if "error" in reply:
                    continue
                if "body" in reply:
                    body = json.dumps(reply["body"]).encode()
                    if isinstance(reply["body"], (dict, list)):
                        put("parse_step", body)
                else:
                    body = reply.get("body_text", "").encode()
                headers = list(reply.get("headers", {}).items())
                status = reply.get("status", 200)
                put("poll_answer", http_input(status, False, headers, body))
                put("flow_response", http_input(status, False, headers, body))
                put("flow_response", http_input(status, True, headers, body))
                if any(k.lower() == "retry-after" or k.lower() == "date" for k, _ in headers):
                    put("retry_after", retry_input(784111777, headers))

for status, headers, body in [
    (200, [("X-DF-Response-Type", "step"), ("ETag", '"v1"')], b'{"id":"a","layout":[]}'),
    (200, [("X-DF-Response-Type", " EXIT ")], b""),
    (200, [("x-df-response-type", "no-op")], b'{"status":"PENDING"}'),
    (200, [("X-DF-Response-Type", "step"), ("X-DF-Response-Type", "action")], b"{}"),
    (200, [("X-DF-Response-Type", b"\xff")], b"{}"),
    (200, [], b'{"action":{"url":"/next","exit":true,"result":{"ok":1}}}'),
    (304, [("ETag", "W/\"1\"")], b""),
    (422, [("Content-Type", "application/json")], b'{"error":"bad","validation":{"a":"b"}}'),
    (199, [], b""),
    (302, [("Location", "/elsewhere")], b""),
]:
    put("poll_answer", http_input(status, False, headers, body))
    put("flow_response", http_input(status, status == 200, headers, body))

# --- retry_after ----------------------------------------------------------
for now, headers in [
    (0, [("retry-after", "2")]),
    (0, [("retry-after-ms", "250")]),
    (0, [("x-ms-retry-after-ms", "1500"), ("retry-after", "9")]),
    (0, [("retry-after-ms", "nope"), ("retry-after", "3")]),
    (1_700_000_000, [("date", "Sun, 06 Nov 1994 08:49:37 GMT"), ("retry-after", "Sun, 06 Nov 1994 08:50:07 GMT")]),
    (784_111_777, [("retry-after", "Sunday, 06-Nov-94 08:49:37 GMT")]),
    (784_111_777, [("retry-after", "Sun Nov  6 08:49:37 1994")]),
    (-1, [("retry-after", "99999999999999999999")]),
    (0, [("retry-after", " 1.5 ")]),
    (0, [("retry-after", "-1")]),
]:
    put("retry_after", retry_input(now, headers))

# --- arazzo: condition strings from the flow-poll and flow-cli sources ----
def rust_strings(text):
    for m in re.finditer(r'r(#*)"(.*?)"\1', text, re.S):
        yield m.group(2)
    for m in re.finditer(r'(?<![r#\w])"((?:[^"\\\n]|\\.)*)"', text):
        s = m.group(1)
        s = re.sub(r"\\u\{([0-9a-fA-F]+)\}", lambda x: chr(int(x.group(1), 16)), s)
        s = (s.replace('\\"', '"').replace("\\n", "\n").replace("\\t", "\t")
               .replace("\\'", "'").replace("\\\\", "\\"))
        yield s

sources = list(files("flow-poll/src", ".rs")) + list(files("flow-poll/tests", ".rs")) \
    + list(files("flow-cli/src", ".rs")) + list(files("flow-cli/tests", ".rs"))
for p in sources:
    text = read(p)
    for s in rust_strings(text):
        if ("$statusCode" in s or "$response." in s) and "\n" not in s.strip() and len(s) < 400:
            put("arazzo", s.strip())
    for m in re.finditer(r"condition: (.+)", text):
        c = m.group(1).strip().rstrip("}]").strip()
        if c.startswith("$"):
            put("arazzo", c)

# Nesting around MAX_CONDITION_DEPTH (64), where a parser without the bound
# overflowed its stack.
for depth in (63, 64, 65):
    put("arazzo", "(" * depth + "$statusCode == 200" + ")" * depth)
    put("arazzo", "!" * depth + "$statusCode")

# --- event_filter: the json!(...) filters of the criteria tests -----------
def json_macros(text):
    i = 0
    while True:
        i = text.find("json!(", i)
        if i < 0:
            return
        j, depth = i + len("json!("), 1
        while j < len(text) and depth:
            depth += {"(": 1, ")": -1}.get(text[j], 0)
            j += 1
        yield text[i + len("json!("):j - 1]
        i = j

for p in files("flow-poll", ".rs"):
    if "criteria" not in p and "event_filter" not in read(p) and "filter" not in os.path.basename(p):
        continue
    for m in json_macros(read(p)):
        try:
            value = json.loads(m)
        except ValueError:
            continue
        if isinstance(value, dict):
            put("event_filter", json.dumps(value))
            put("event_filter", json.dumps({"body": value}))
put("event_filter", json.dumps({"status": ["2xx", 404], "headers": {"X-State": [{"$ignoreCaseEquals": "ready"}],
                                 "retry-after": [{"$exists": False}]}}))

# --- openapi: the documents of flow-poll's tests --------------------------
for p in files("flow-poll", ".rs"):
    text = read(p)
    if "x-speakeasy-polling" not in text:
        continue
    for m in re.finditer(r'r(#*)"(.*?)"\1', text, re.S):
        doc = m.group(2)
        if doc.lstrip().startswith("///"):  # a doc-test's document
            doc = "\n".join(re.sub(r"^\s*/// ?", "", line) for line in doc.splitlines())
        if "x-speakeasy-polling" in doc or "paths:" in doc:
            put("openapi", doc.lstrip("\n"))
    for m in re.finditer(r'error\("((?:[^"\\]|\\.)*)"\)', text):
        entry = m.group(1).replace("\\n", "\n")
        if entry.lstrip().startswith("- "):
            put("openapi", "paths:\n  /x:\n    get:\n      x-speakeasy-polling:\n" + entry)
put("openapi", json.dumps({"openapi": "3.1.0", "paths": {"/jobs/{jobId}": {"get": {"operationId": "getJob",
    "x-speakeasy-polling": [{"name": "WaitForCompleted", "delaySeconds": 2, "intervalSeconds": 5, "limitCount": 20,
        "failureCriteria": [{"condition": "$response.body#/status == \"failed\""}],
        "successCriteria": [{"condition": "$statusCode == 200"},
                            {"context": "$response.body", "condition": "^\\{", "type": "regex"}]}]}}}}))

for t in sorted(counts):
    print(f"{t}: {len(os.listdir(os.path.join(corpus, t)))} files")
PY
