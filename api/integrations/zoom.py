"""Zoom's REST API, as far as the Zoom Events ticket sync needs it: a server-to-server OAuth
token and the tickets of one Zoom event.

What Zoom documents, and this module relies on:

- Server-to-Server OAuth (https://developers.zoom.us/docs/internal-apps/s2s-oauth/ and
  https://developers.zoom.us/docs/rooms/oauth/ "App Type: Server to Server"): `POST
  https://zoom.us/oauth/token` with `grant_type=account_credentials` and `account_id` (as query
  parameters or an x-www-form-urlencoded body: this module sends the body) and `Authorization:
  Basic base64(client_id:client_secret)`. The answer is `{"access_token", "token_type":
  "bearer", "expires_in": 3600, "scope", ...}`. There is no refresh token: a new access token is
  asked for with the same credentials. A refused request answers 4xx with `{"reason", "error"}`.
- List tickets, Zoom Events API operation `getTickets` (added 2022-12-17:
  https://developers.zoom.us/changelog/webinars-plus-events/december-17-2022/): `GET
  https://api.zoom.us/v2/zoom_events/events/{eventId}/tickets?page_size=&next_page_token=`,
  page_size at most 300. The answer is `{"total_records", "next_page_token", "tickets": [...]}`;
  a ticket has `ticket_id`, `ticket_type_id`, `external_ticket_id`, `email`, `first_name`,
  `last_name`, `registration_source`, ... and no status: a cancelled ticket is deleted
  (`DELETE .../tickets/{ticketId}`, webhook `zoom_events.ticket_deleted`) and leaves the list.
  An empty or missing `next_page_token` ends the list (a token expires after 15 minutes).
- Errors of the API answer `{"code", "message"}`: 401 (code 124) for an invalid or expired
  access token, 429 when a rate limit is reached, with `Retry-After` in seconds or as a date
  (https://developers.zoom.us/docs/api/rate-limits/).

A client holds one httpx.AsyncClient with explicit timeouts (its own, or one it is given and
leaves open). Access tokens are cached per (Zoom account id, client id) until their expiry less
a margin, and only for the secret and token URL that obtained them; a 401 drops the token and
the call is made once more with a fresh one. A 429 is waited out as Retry-After says, a few
times and never longer than LONGEST_WAIT_SECONDS at once. Every failure is a ZoomError whose
text never holds the client secret or an access token.
"""

import asyncio
import hashlib
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import quote

import httpx

API_BASE_URL = "https://api.zoom.us/v2"
OAUTH_URL = "https://zoom.us/oauth/token"
TIMEOUT = httpx.Timeout(10.0, connect=5.0, read=30.0)
PAGE_SIZE = 300  # Zoom's largest page of tickets
TOKEN_MARGIN_SECONDS = 60  # a cached token is given up this long before it expires (less for short-lived ones)
RATE_LIMIT_RETRIES = 3
LONGEST_WAIT_SECONDS = 30.0  # a longer Retry-After (a daily limit) fails the call instead
MAX_PAGES = 10_000
REASON_LENGTH = 200


class ZoomError(Exception):
    """A Zoom call that failed. `reason` says why in words (never a secret or a token);
    `status` is the HTTP status Zoom answered, None when no answer came."""

    def __init__(self, reason, status=None):
        super().__init__(reason, status)
        self.reason = reason
        self.status = status

    def __str__(self):
        return self.reason if self.status is None else f"{self.reason} (HTTP {self.status})"


@dataclass(frozen=True)
class Credentials:
    """A Server-to-Server OAuth app's credentials. The secret never shows in a repr."""
    account_id: str
    client_id: str
    client_secret: str = field(repr=False)


@dataclass(frozen=True)
class _Token:
    value: str
    expires_at: float
    proof: str  # what obtained it: a digest of the token URL and the client secret


class TokenCache:
    """Access tokens per (Zoom account id, client id), each until its expiry less a margin. A
    token is handed out only to a caller with the same secret and token URL as the one that
    obtained it, so right ids with a wrong secret never borrow another caller's token."""

    def __init__(self, clock=time.monotonic):
        self._clock = clock
        self._tokens = {}

    def get(self, key, proof):
        token = self._tokens.get(key)
        if token and token.proof == proof and self._clock() < token.expires_at:
            return token.value
        return None

    def put(self, key, proof, value, expires_in):
        margin = min(TOKEN_MARGIN_SECONDS, expires_in / 10)
        self._tokens[key] = _Token(value, self._clock() + expires_in - margin, proof)

    def drop(self, key, value):
        """Forgets the token `value` (Zoom refused it); a newer one stays."""
        if self._tokens.get(key) and self._tokens[key].value == value:
            del self._tokens[key]


# One per process: a scheduled sync reuses the tokens of the previous run.
TOKENS = TokenCache()


class ZoomClient:
    """Zoom's API for one set of credentials."""

    def __init__(self, credentials, *, api_base_url=API_BASE_URL, oauth_url=OAUTH_URL, http=None, timeout=TIMEOUT,
                 tokens=TOKENS, sleep=asyncio.sleep):
        self.credentials = credentials
        self.api_base_url = api_base_url.rstrip("/")
        self.oauth_url = oauth_url
        self._http = http or httpx.AsyncClient(timeout=timeout)
        self._owns_http = http is None
        self._tokens = tokens
        self._sleep = sleep
        self._used_tokens = set()
        self._key = (credentials.account_id, credentials.client_id)
        self._proof = hashlib.sha256(f"{oauth_url}\n{credentials.client_secret}".encode()).hexdigest()

    async def aclose(self):
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        await self.aclose()

    async def tickets(self, event_id, page_size=PAGE_SIZE):
        """Every ticket of the Zoom event `event_id`, page after page."""
        path = f"/zoom_events/events/{quote(str(event_id), safe='')}/tickets"
        params = {"page_size": page_size}
        seen = set()
        for _ in range(MAX_PAGES):
            page = await self._get(path, params, "the list of tickets")
            tickets = page.get("tickets") or []
            if not isinstance(tickets, list):
                raise ZoomError("Zoom answered a list of tickets that is no list")
            for ticket in tickets:
                yield ticket
            next_page = page.get("next_page_token")
            if not next_page:
                return
            if next_page in seen:
                raise ZoomError("Zoom answered a page token twice; the list of tickets would never end")
            seen.add(next_page)
            params = {"page_size": page_size, "next_page_token": next_page}
        raise ZoomError(f"Zoom's list of tickets goes on past {MAX_PAGES} pages")

    async def _get(self, path, params, what):
        """The JSON object Zoom answers to GET `path`, with a fresh token once if it refuses one."""
        url = self.api_base_url + path
        token = await self._access_token()
        response = await self._send(lambda: self._http.get(url, params=params, headers=_bearer(token)))
        if response.status_code == 401:
            self._tokens.drop(self._key, token)
            token = await self._access_token()
            response = await self._send(lambda: self._http.get(url, params=params, headers=_bearer(token)))
        if response.status_code == 401:
            raise ZoomError(self._said("Zoom refused a fresh access token", response), 401)
        if not response.is_success:
            raise ZoomError(self._said(f"Zoom could not answer {what}", response), response.status_code)
        return self._json(response, what)

    async def _access_token(self):
        cached = self._tokens.get(self._key, self._proof)
        if cached:
            self._used_tokens.add(cached)
            return cached
        form = {"grant_type": "account_credentials", "account_id": self.credentials.account_id}
        auth = (self.credentials.client_id, self.credentials.client_secret)
        response = await self._send(lambda: self._http.post(self.oauth_url, data=form, auth=auth))
        if not response.is_success:
            raise ZoomError(self._said("Zoom refused the app's credentials", response), response.status_code)
        body = self._json(response, "the access token")
        value, expires_in = body.get("access_token"), body.get("expires_in", 3600)
        if not isinstance(value, str) or not value or not isinstance(expires_in, (int, float)) or expires_in <= 0:
            raise ZoomError("Zoom answered no usable access token")
        self._used_tokens.add(value)
        self._tokens.put(self._key, self._proof, value, expires_in)
        return value

    async def _send(self, request):
        """The answer to `request()`, after waiting out Zoom's rate limit a few times."""
        attempt = 0
        while (response := await self._reach(request)).status_code == 429:
            wait = _retry_after(response.headers.get("retry-after"), attempt)
            if attempt == RATE_LIMIT_RETRIES or wait > LONGEST_WAIT_SECONDS:
                raise ZoomError(self._said("Zoom's rate limit was reached; try again later", response), 429)
            await self._sleep(wait)
            attempt += 1
        return response

    async def _reach(self, request):
        try:
            return await request()
        except httpx.TimeoutException as exc:
            raise ZoomError(f"Zoom did not answer in time ({_kind(exc)})") from exc
        except httpx.HTTPError as exc:
            raise ZoomError(f"could not reach Zoom ({_kind(exc)})") from exc

    def _json(self, response, what):
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise ZoomError(f"Zoom answered {what} with something that is not a JSON object", response.status_code)
        return body

    def _said(self, reason, response):
        """`reason`, with what Zoom said about it (its message, without any secret)."""
        try:
            body = response.json()
        except ValueError:
            body = None
        said = (body.get("message") or body.get("reason")) if isinstance(body, dict) else None
        if not isinstance(said, str) or not said.strip():
            return reason
        return f"{reason}: {self._hidden(said.strip())[:REASON_LENGTH]}"

    def _hidden(self, text):
        """`text` without the client secret or any access token this client used."""
        for secret in (self.credentials.client_secret, *self._used_tokens):
            if secret:
                text = text.replace(secret, "[hidden]")
        return text


def _bearer(token):
    return {"Authorization": f"Bearer {token}", "Accept": "application/json"}


def _kind(exc):
    """An httpx error in words, without its URL or any header."""
    return type(exc).__name__


def _retry_after(value, attempt):
    """Seconds to wait before the next try: Retry-After as seconds or as a date (HTTP or ISO
    8601), else 1, 2, 4 ... seconds."""
    if value:
        value = value.strip()
        try:
            return max(0.0, float(value))
        except ValueError:
            pass
        moment = _moment(value)
        if moment is not None:
            return max(0.0, (moment - datetime.now(timezone.utc)).total_seconds())
    return float(2 ** attempt)


def _moment(text):
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)

