"""GNU Mailman 3's core REST API (version 3.1), as the roster sync uses it: who is on a list,
subscribe, unsubscribe.

    async with Mailman("http://127.0.0.1:8001", "restadmin", password) as mailman:
        addresses = await mailman.roster("news.example.org")
        await mailman.subscribe("news.example.org", "ann@example.org", "Ann Smith")
        await mailman.unsubscribe("news.example.org", "bob@example.org")

One httpx.AsyncClient (passed in, or owned and closed by `aclose`), basic auth with Mailman's
[webservice] admin_user and admin_pass, explicit timeouts on every request. Lists are named by
their list id (news.example.org), not their posting address. Addresses come back as Mailman keeps
them: lower case.

Every failure is a MailmanError whose reason is short and never holds the password: Mailman
unreachable or too slow, the credentials refused, an unknown list (NoSuchList), an address that
is no member (NotAMember), any other answer Mailman gives.
"""

import itertools
from urllib.parse import quote

import httpx

API = "3.1"
TIMEOUT = httpx.Timeout(30.0, connect=5.0)
PAGE_SIZE = 100
REASON_CHARS = 200
# What Mailman says (rest/members.py) when POST /members names an unknown list, or an address
# that is already a member.
NO_SUCH_LIST = "No such list"
ALREADY_MEMBER = "Member already subscribed"
# Subscriptions and unsubscriptions happen at once: no confirmation mail, no moderator. (DELETE
# /members/{id} refuses pre_verified: 400 Unexpected parameters.)
JOIN_AT_ONCE = {"pre_verified": "true", "pre_confirmed": "true", "pre_approved": "true"}
LEAVE_AT_ONCE = {"pre_confirmed": "true", "pre_approved": "true"}


class MailmanError(Exception):
    """Mailman did not do what was asked; status is its HTTP status when it answered."""

    def __init__(self, reason, status=None):
        super().__init__(reason)
        self.reason = reason
        self.status = status


class NoSuchList(MailmanError):
    """Mailman has no list of that id."""


class NotAMember(MailmanError):
    """The address is not a member of the list (status 404)."""


class Mailman:
    """One Mailman core's REST API."""

    def __init__(self, base_url, username, password, *, client=None, timeout=TIMEOUT, page_size=PAGE_SIZE):
        self.base_url = f"{base_url.rstrip('/')}/{API}"
        self.username = username
        self._password = password
        self.timeout = timeout
        self.page_size = page_size
        self._owned = client is None
        self._client = httpx.AsyncClient(timeout=timeout) if client is None else client
        url = httpx.URL(base_url)
        self._where = f"{url.host}:{url.port}" if url.port else url.host

    async def __aenter__(self):
        return self

    async def __aexit__(self, *_):
        await self.aclose()

    async def aclose(self):
        """Close the HTTP client if this object made it; a client passed in stays open."""
        if self._owned:
            await self._client.aclose()

    async def roster(self, list_id: str) -> list[str]:
        """Every member address of the list, in Mailman's order (by address), page after page of
        `page_size`."""
        addresses = []
        for page in itertools.count(1):
            entries = await self._roster_page(list_id, page)
            addresses += [entry["email"] for entry in entries]
            if len(entries) < self.page_size:
                return addresses

    async def subscribe(self, list_id: str, address: str, display_name: str | None = None) -> bool:
        """Make `address` a member at once (pre-verified, pre-confirmed, pre-approved: no mail asks
        anyone first; a welcome message goes out if the list sends them). True when it became a
        member, False when it already was one (Mailman answers 409)."""
        form = JOIN_AT_ONCE | {"list_id": list_id, "subscriber": address}
        if display_name:
            form["display_name"] = display_name
        response = await self._request("POST", "/members", data=form)
        if response.status_code == 201:
            return True
        said = description(response)
        if response.status_code == 409 and said == ALREADY_MEMBER:
            return False
        if response.status_code == 400 and said == NO_SUCH_LIST:
            raise self._error(f"no list {list_id}", 400, NoSuchList)
        if response.status_code == 202:
            raise self._error(f"subscribing {address} to {list_id} waits for a confirmation or approval", 202)
        raise self._refusal(response, f"subscribe {address} to {list_id}")

    async def unsubscribe(self, list_id: str, address: str) -> None:
        """Remove `address` from the list at once (a goodbye message goes out if the list sends
        them). NotAMember when it is not on the list."""
        member_id = await self._member_id(list_id, address)
        response = await self._request("DELETE", f"/members/{member_id}", params=LEAVE_AT_ONCE)
        if response.status_code == 204:
            return
        if response.status_code == 404:
            raise self._error(f"{address} is not a member of {list_id}", 404, NotAMember)
        if response.status_code == 202:
            raise self._error(f"unsubscribing {address} from {list_id} waits for a confirmation or approval", 202)
        raise self._refusal(response, f"unsubscribe {address} from {list_id}")

    async def _roster_page(self, list_id, page):
        response = await self._request("GET", f"/lists/{segment(list_id)}/roster/member",
                                       params={"count": self.page_size, "page": page})
        self._check(response, list_id, "read the roster of")
        return self._json(response).get("entries", [])  # Mailman leaves out an empty page's entries

    async def _member_id(self, list_id, address):
        """The member id of `address` on the list. /members/find rather than the member's URL: an
        address may hold '/' (a path) or '*' (Mailman's wildcard), so the match is checked here."""
        response = await self._request("POST", "/members/find",
                                       data={"list_id": list_id, "subscriber": address, "role": "member"})
        self._check(response, list_id, "find a member of")
        for entry in self._json(response).get("entries", []):
            if entry["email"] == address.lower():
                return entry["member_id"]
        await self._require_list(list_id)
        raise self._error(f"{address} is not a member of {list_id}", 404, NotAMember)

    async def _require_list(self, list_id):
        response = await self._request("GET", f"/lists/{segment(list_id)}")
        self._check(response, list_id, "read")

    async def _request(self, method, path, **kwargs):
        try:
            return await self._client.request(method, self.base_url + path, auth=(self.username, self._password),
                                              timeout=self.timeout, **kwargs)
        except httpx.TimeoutException as error:
            raise self._error(f"Mailman at {self._where} did not answer in time ({type(error).__name__})") from None
        except httpx.HTTPError as error:
            raise self._error(f"Mailman at {self._where} is unreachable ({type(error).__name__})") from None

    def _check(self, response, list_id, doing):
        """Raise for anything but 200: 404 is an unknown list."""
        if response.status_code == 404:
            raise self._error(f"no list {list_id}", 404, NoSuchList)
        if response.status_code != 200:
            raise self._refusal(response, f"{doing} {list_id}")

    def _refusal(self, response, doing):
        if response.status_code == 401:
            return self._error(f"Mailman at {self._where} refused the credentials of {self.username}", 401)
        said = description(response) or response.reason_phrase
        return self._error(f"Mailman would not {doing}: {response.status_code} {said}", response.status_code)

    def _json(self, response):
        try:
            return response.json()
        except ValueError:
            raise self._error(f"Mailman at {self._where} answered what is not JSON", response.status_code) from None

    def _error(self, reason, status=None, kind=MailmanError):
        """A MailmanError (or subclass), short, with the password masked should anything have
        echoed it."""
        reason = reason[:REASON_CHARS]
        if self._password:
            reason = reason.replace(self._password, "***")
        return kind(reason, status)


def description(response):
    """What Mailman says about an error: its JSON body's description (or title), else ''."""
    try:
        body = response.json()
    except ValueError:
        return ""
    return str(body.get("description") or body.get("title") or "") if isinstance(body, dict) else ""


def segment(value):
    """A value as one URL path segment."""
    return quote(value, safe="")
