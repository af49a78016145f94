"""A local Zoom, served over HTTP by uvicorn in a thread on a free port, that behaves as Zoom
documents it (see api/integrations/zoom.py for the documents):

- `POST /oauth/token`: Basic client_id:client_secret, grant_type=account_credentials and
  account_id (query or form). Answers {"access_token", "token_type", "expires_in", "scope"}, or
  401 {"reason", "error": "invalid_client"} / 400 for a wrong grant or account.
- `GET /v2/zoom_events/events/{eventId}/tickets?page_size=&next_page_token=`: Bearer token;
  pages of at most `max_page_size` tickets (Zoom: 300), the next page named by an opaque
  `next_page_token` ("" on the last page). 401 {"code": 124} for an unknown or expired token,
  404 for an unknown event.

What a test can turn on: `token_lifetime` (seconds, the expires_in given and enforced),
`token_uses` (a token stops working after that many API calls, as if it expired or was revoked
mid-run, without waiting for a clock), `rate_limit` (Retry-After values: each answers the next
API call with a 429 carrying it), `failing` (Zoom event id -> status its tickets answer, such as 503), `slow_seconds`
(each tickets answer waits that long first). `calls` records every request, in order.
"""

import asyncio
import base64
import secrets
import socket
import threading
import time
from dataclasses import dataclass, field

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from api.integrations.zoom import Credentials


@dataclass
class Call:
    """One request the fake answered."""
    endpoint: str  # "token" or "tickets"
    status: int
    event_id: str | None = None
    page_token: str | None = None


@dataclass
class FakeZoom:
    credentials: Credentials = field(default_factory=lambda: Credentials(
        f"acct_{secrets.token_hex(4)}", f"client_{secrets.token_hex(4)}", f"secret_{secrets.token_hex(8)}"))
    token_lifetime: int = 3600
    token_uses: int | None = None
    max_page_size: int = 300
    rate_limit: list = field(default_factory=list)  # Retry-After values of the next 429 answers
    failing: dict = field(default_factory=dict)
    slow_seconds: float = 0.0
    events: dict = field(default_factory=dict)
    calls: list = field(default_factory=list)

    def __post_init__(self):
        self._tokens = {}  # access token -> [expires_at, uses]
        self._pages = {}  # next_page_token -> (event id, offset)
        self._server = None
        self._thread = None
        self.port = None

    # What tests set up and read.

    def ticket(self, event_id, **fields):
        """Adds a ticket to the Zoom event (made with defaults) and answers it."""
        n = secrets.token_hex(4)
        ticket = {"ticket_id": f"tk_{n}", "ticket_type_id": "tt_general", "external_ticket_id": "",
                  "email": f"attendee-{n}@example.test", "first_name": "Ada", "last_name": f"Attendee {n}",
                  "ticket_role_type": "normal", "registration_source": "", "authentication_method": "no_auth",
                  **fields}
        self.events.setdefault(event_id, []).append(ticket)
        return ticket

    def delete(self, event_id, ticket_id):
        """Deletes a ticket, as Zoom does when a registration is cancelled."""
        self.events[event_id] = [t for t in self.events[event_id] if t["ticket_id"] != ticket_id]

    def cfg(self, zoom_event_id=None, **more):
        """cfg_json keys that point an event (or a site, without zoom_event_id) at this fake."""
        keys = {"zoom_account_id": self.credentials.account_id, "zoom_client_id": self.credentials.client_id,
                "zoom_client_secret": self.credentials.client_secret, **self.urls()}
        if zoom_event_id is not None:
            keys["zoom_event_id"] = zoom_event_id
        return {**keys, **more}

    def urls(self):
        return {"zoom_api_base_url": self.api_base_url, "zoom_oauth_url": self.oauth_url}

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_base_url(self):
        return f"{self.base_url}/v2"

    @property
    def oauth_url(self):
        return f"{self.base_url}/oauth/token"

    def answered(self, endpoint, status=None):
        return [c for c in self.calls if c.endpoint == endpoint and (status is None or c.status == status)]

    # Serving.

    def __enter__(self):
        app = Starlette(routes=[
            Route("/oauth/token", self._token, methods=["POST"]),
            Route("/v2/zoom_events/events/{event_id}/tickets", self._tickets, methods=["GET"]),
        ])
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        self.port = listener.getsockname()[1]
        config = uvicorn.Config(app, log_level="warning", lifespan="off", timeout_graceful_shutdown=1)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [listener]}, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the fake Zoom did not start")
            time.sleep(0.01)
        return self

    def __exit__(self, *exc):
        self._server.should_exit = True
        self._thread.join(10)

    # Zoom's answers.

    async def _token(self, request: Request):
        form = {**request.query_params, **(await request.form())}
        if not self._basic_is_right(request.headers.get("authorization", "")):
            return self._answer("token", 401, {"reason": "Invalid client_id or client_secret",
                                               "error": "invalid_client"})
        if form.get("grant_type") != "account_credentials":
            return self._answer("token", 400, {"reason": "unsupported grant type", "error": "unsupported_grant_type"})
        if form.get("account_id") != self.credentials.account_id:
            return self._answer("token", 400, {"reason": "Invalid account_id", "error": "invalid_request"})
        token = secrets.token_urlsafe(24)
        self._tokens[token] = [time.monotonic() + self.token_lifetime, 0]
        return self._answer("token", 200, {"access_token": token, "token_type": "bearer",
                                           "expires_in": self.token_lifetime,
                                           "scope": "zoom_events:read:list_tickets:admin"})

    def _basic_is_right(self, header):
        expected = f"{self.credentials.client_id}:{self.credentials.client_secret}".encode()
        return header == "Basic " + base64.b64encode(expected).decode()

    async def _tickets(self, request: Request):
        event_id = request.path_params["event_id"]
        page_token = request.query_params.get("next_page_token") or None
        status, body, headers = await self._tickets_answer(request, event_id, page_token)
        return self._answer("tickets", status, body, headers, event_id, page_token)

    async def _tickets_answer(self, request, event_id, page_token):
        if not self._bearer_is_valid(request.headers.get("authorization", "")):
            return 401, {"code": 124, "message": "Invalid access token."}, None
        if self.rate_limit:
            message = "You have reached the maximum per-second rate limit for this API. Try again later."
            return 429, {"code": 429, "message": message}, {"Retry-After": self.rate_limit.pop(0)}
        if event_id in self.failing:
            return self.failing[event_id], {"code": self.failing[event_id], "message": "Internal error."}, None
        if self.slow_seconds:
            await asyncio.sleep(self.slow_seconds)
        if event_id not in self.events:
            return 404, {"code": 3001, "message": "Event does not exist."}, None
        if page_token and self._pages.get(page_token, (None,))[0] != event_id:
            return 400, {"code": 300, "message": "Invalid next_page_token."}, None
        return 200, self._page(event_id, request.query_params.get("page_size"), page_token), None

    def _bearer_is_valid(self, header):
        token = header.removeprefix("Bearer ")
        state = self._tokens.get(token)
        if state is None or time.monotonic() >= state[0]:
            return False
        state[1] += 1
        return self.token_uses is None or state[1] <= self.token_uses

    def _page(self, event_id, page_size, page_token):
        size = min(int(page_size or 30), self.max_page_size)
        start = self._pages[page_token][1] if page_token else 0
        tickets = self.events[event_id]
        end = start + size
        next_token = ""
        if end < len(tickets):
            next_token = secrets.token_urlsafe(16)
            self._pages[next_token] = (event_id, end)
        return {"total_records": len(tickets), "next_page_token": next_token, "tickets": tickets[start:end]}

    def _answer(self, endpoint, status, body, headers=None, event_id=None, page_token=None):
        self.calls.append(Call(endpoint, status, event_id, page_token))
        return JSONResponse(body, status, headers)
