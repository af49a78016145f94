"""Novi AMS: the calls Aether makes to a member community's Novi, server to server (members'
browsers never call Novi, so hotel and conference networks cannot get them refused).

The root URL and API key come from a site's cfg_json (`novi_api_root_url`, `novi_idaa_api_key`);
every call sends `Authorization: Basic <key>`, as Novi's API expects.
"""

import asyncio
import re
from dataclasses import dataclass

import httpx

from api.integrations import outbound

SETTINGS = ("novi_api_root_url", "novi_idaa_api_key")
# cfg_json may also set `novi_timeout_seconds` (how long to wait for Novi's answer).
UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
READ_TIMEOUT_SECONDS = 10.0
CONNECT_TIMEOUT_SECONDS = 3.0
PAGE_SIZE = 100  # Novi's lists page with offset and pageSize
PATIENCE = 5  # a 429 is waited out (its Retry-After, at most MAX_WAIT_SECONDS) this many times
MAX_WAIT_SECONDS = 30
CONCURRENCY = 8  # customer records fetched at once during a sync


class NoviError(Exception):
    """Novi did not give an answer to use. `status`: the HTTP status to answer (404, 429, 503);
    `retry_after`: Novi's, on a 429. The text never holds the key."""

    def __init__(self, reason, status, retry_after=None):
        super().__init__(reason)
        self.status, self.retry_after = status, retry_after


@dataclass(frozen=True)
class Novi:
    root: str
    key: str
    timeout: httpx.Timeout

    @classmethod
    def of(cls, config):
        seconds = config.get("novi_timeout_seconds")
        read = float(seconds) if isinstance(seconds, (int, float)) and 0 < seconds <= 120 else READ_TIMEOUT_SECONDS
        return cls(str(config["novi_api_root_url"]).rstrip("/"), str(config["novi_idaa_api_key"]),
                   httpx.Timeout(read, connect=min(read, CONNECT_TIMEOUT_SECONDS)))

    async def get(self, http, path, params=None):
        """One GET; the JSON answer, or NoviError."""
        try:
            response = await http.get(f"{self.root}{path}", params=params, timeout=self.timeout,
                                      headers={"Authorization": f"Basic {self.key}", "Accept": "application/json"})
        except httpx.TimeoutException:
            raise NoviError("Novi did not answer in time.", 503) from None
        except outbound.Refused as exc:
            raise NoviError(f"Novi is not called: {exc}.", 503) from None
        except httpx.HTTPError:
            raise NoviError("Novi cannot be reached.", 503) from None
        return _answer(response)


    async def get_patiently(self, http, path, params=None):
        """A GET that waits out Novi's rate limiting (429) a few times before giving up."""
        for attempt in range(PATIENCE):
            try:
                return await self.get(http, path, params)
            except NoviError as exc:
                if exc.status != 429 or attempt == PATIENCE - 1:
                    raise
                await asyncio.sleep(_wait(exc.retry_after, attempt))

    async def group_members(self, http, guid):
        """The UniqueIDs of a group's members, every page."""
        found, offset = [], 0
        while True:
            page = await self.get_patiently(http, f"/groups/{guid}/members",
                                            {"offset": offset, "pageSize": PAGE_SIZE})
            page = page if isinstance(page, dict) else {}
            results = page.get("Results") or []
            found += [str(row["UniqueID"]) for row in results if isinstance(row, dict) and row.get("UniqueID")]
            offset += len(results)
            if not results or offset >= int(page.get("TotalCount") or 0):
                return found

    async def customers(self, http, uuids):
        """uuid -> its customer record, or the NoviError that kept it (a few at a time)."""
        gate = asyncio.Semaphore(CONCURRENCY)

        async def one(uuid):
            async with gate:
                try:
                    return uuid, await self.get_patiently(http, f"/customers/{uuid}")
                except NoviError as exc:
                    return uuid, exc
        return dict(await asyncio.gather(*(one(uuid) for uuid in uuids)))


def _wait(retry_after, attempt):
    try:
        seconds = float(retry_after)
    except (TypeError, ValueError):
        seconds = 2.0 ** attempt
    return min(max(seconds, 0.0), MAX_WAIT_SECONDS)


def _answer(response):
    if response.status_code == 429:
        raise NoviError("Novi is limiting requests; try again later.", 429, response.headers.get("retry-after"))
    if response.status_code == 404:
        raise NoviError("Novi has no such record.", 404)
    if response.status_code in (401, 403):
        raise NoviError("Novi refused this site's API key.", 503)
    if response.status_code >= 400:
        raise NoviError(f"Novi answered {response.status_code}.", 503)
    try:
        return response.json()
    except ValueError:
        raise NoviError("Novi answered something that is not JSON.", 503) from None


def email(raw):
    """Novi stores '+' in addresses as a space."""
    return str(raw or "").strip().replace(" ", "+")


def display_name(customer):
    """'FirstName L.', else Novi's Name field."""
    first, last = str(customer.get("FirstName") or "").strip(), str(customer.get("LastName") or "").strip()
    if first and last:
        return f"{first} {last[0]}."
    return first or str(customer.get("Name") or "").strip() or None


def mailable(customer):
    """The address to subscribe for a customer, or None: inactive members and those who asked
    for no email are left out."""
    if not isinstance(customer, dict) or customer.get("Active") is False or customer.get("UnsubscribeFromEmails"):
        return None
    return email(customer.get("Email")) or None


def has_identity(customer):
    return isinstance(customer, dict) and bool(email(customer.get("Email")) or display_name(customer))
