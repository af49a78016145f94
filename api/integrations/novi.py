"""Novi AMS: the calls Aether makes to a member community's Novi, server to server (members'
browsers never call Novi, so hotel and conference networks cannot get them refused).

The root URL and API key come from a site's cfg_json (`novi_api_root_url`, `novi_idaa_api_key`);
every call sends `Authorization: Basic <key>`, as Novi's API expects.
"""

import re
from dataclasses import dataclass

import httpx

SETTINGS = ("novi_api_root_url", "novi_idaa_api_key")
# cfg_json may also set `novi_timeout_seconds` (how long to wait for Novi's answer).
UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
READ_TIMEOUT_SECONDS = 10.0
CONNECT_TIMEOUT_SECONDS = 3.0


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
        except httpx.HTTPError:
            raise NoviError("Novi cannot be reached.", 503) from None
        return _answer(response)


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


def has_identity(customer):
    return isinstance(customer, dict) and bool(email(customer.get("Email")) or display_name(customer))
