"""A local Novi AMS that answers like the real one (Novi's API: `GET /customers/{UniqueID}` and
`GET /groups/{guid}/members?offset=&pageSize=`, Basic authentication with the API key), run on a
free port in a thread. Tests script it: customers, group members, and faults per path (429 with
Retry-After, 5xx, answers slower than the client waits)."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class FakeNovi:
    def __init__(self, key="novi-secret-key"):
        self.key = key
        self.customers = {}  # UniqueID -> the customer record Novi answers
        self.groups = {}  # guid -> [UniqueID, ...]
        self.faults = {}  # path -> list of (status, headers, body) answered first, one per call
        self.delay = {}  # path -> seconds to wait before answering
        self.calls = []  # paths asked, in order
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.handle_error = lambda request, address: None  # a client that gave up waiting
        self.url = f"http://127.0.0.1:{self._server.server_port}/api"

    def __enter__(self):
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()

    def member(self, uuid, first="Ada", last="Lovelace", email="ada lovelace@example.test", **extra):
        self.customers[uuid] = {"UniqueID": uuid, "FirstName": first, "LastName": last, "Email": email,
                                "Name": f"{first} {last}".strip(), "Active": True, "UnsubscribeFromEmails": False,
                                **extra}

    def fail(self, path, status, headers=None, body=None, times=1):
        self.faults.setdefault(path, []).extend([(status, headers or {}, body)] * times)

    def answer(self, path, query):
        self.calls.append(path)
        time.sleep(self.delay.get(path, 0))
        if self.faults.get(path):
            return self.faults[path].pop(0)
        parts = path.strip("/").split("/")
        if parts[:2] == ["api", "customers"] and len(parts) == 3:
            found = self.customers.get(parts[2])
            return (200, {}, found) if found is not None else (404, {}, {"Message": "Not found"})
        if parts[:2] == ["api", "groups"] and len(parts) == 4 and parts[3] == "members":
            return self._members(parts[2], query)
        return 404, {}, {"Message": "No route"}

    def _members(self, guid, query):
        members = self.groups.get(guid)
        if members is None:
            return 404, {}, {"Message": "Not found"}
        offset, size = int(query.get("offset", ["0"])[0]), int(query.get("pageSize", ["100"])[0])
        page = [{"UniqueID": uuid} for uuid in members[offset:offset + size]]
        return 200, {}, {"TotalCount": len(members), "Results": page}

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                if self.headers.get("Authorization") != f"Basic {fake.key}":
                    return self._send(401, {}, {"Message": "Authorization has been denied for this request."})
                parts = urlsplit(self.path)
                self._send(*fake.answer(parts.path, parse_qs(parts.query)))

            def _send(self, status, headers, body):
                data = b"" if body is None else json.dumps(body).encode()
                self.send_response(status)
                for name, value in {"Content-Type": "application/json", **headers}.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        return Handler
