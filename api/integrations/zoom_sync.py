"""Zoom Events tickets into Aether registrations.

`sync_zoom(db, account_id)` takes every event of the account whose cfg_json names a Zoom
event, lists that Zoom event's tickets (api/integrations/zoom.py) and makes each ticket one
event_registration of the event, with its event_person found by email, through the procedure
event_registration_sync (db/procedures/event_registration_sync.sql). The Zoom ticket id is the
registration's natural key (external_source 'zoom', external_id the ticket id), so a second run
changes nothing that Zoom did not change.

Settings, in cfg_json (event's first, else its site's):
- `zoom_event_id` (the event's own cfg_json): the Zoom event whose tickets are the event's.
- `zoom_account_id`, `zoom_client_id`, `zoom_client_secret`: a Server-to-Server OAuth app's
  credentials. Taken together: from the event when it names any of the three, else from its site.
- `zoom_api_base_url` (default https://api.zoom.us/v2) and `zoom_oauth_url` (default
  https://zoom.us/oauth/token): another address for Zoom, such as a proxy's; each from the event,
  else the site, else the default.

A ticket becomes a confirmed registration; its person takes the ticket's email, first_name and
last_name. Zoom's list of tickets carries no status: a cancelled registration's ticket is
deleted in Zoom and leaves the list. So once an event's tickets were listed in full, each of
its registrations made from a Zoom ticket that is no longer listed is cancelled (reported under
"changed"). A ticket that does say it is cancelled (`status` "cancelled", "canceled" or
"deleted", or `cancelled`/`canceled` true) is cancelled too. A checked-in registration stays
checked in.

The report (shared with the other syncs):
    {"dry_run": bool, "events": [{"event_id_random", "zoom_event_id", "added": [ticket ids],
     "changed": [ticket ids], "unchanged": n, "failed": [{"ticket": id, "reason": "..."}]}]}
An event whose settings are missing or wrong, or whose Zoom calls fail, has "error" instead of
the counts, and nothing of it is written. A ticket that cannot be written is listed in "failed"
and the others go on. With dry_run the procedure writes nothing and answers what it would do,
so the report is the one a real run would give. A database that does not answer
(DatabaseUnavailable) ends the whole run with that error.
"""

import contextlib
import json
import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx
import pymysql

from api.db import DatabaseBusy
from api.integrations.zoom import API_BASE_URL, OAUTH_URL, TIMEOUT, Credentials, ZoomClient, ZoomError
from api.problems import problem_for

SOURCE = "zoom"
CREDENTIAL_KEYS = ("zoom_account_id", "zoom_client_id", "zoom_client_secret")
CANCELLED = {"cancelled", "canceled", "deleted"}

EVENTS_SQL = (
    "SELECT e.id, e.id_random, e.cfg_json AS event_cfg, s.cfg_json AS site_cfg FROM event AS e"
    " LEFT JOIN site AS s ON s.id = e.site_id AND s.account_id = e.account_id"
    " WHERE e.account_id = %(account)s AND JSON_EXISTS(e.cfg_json, '$.zoom_event_id') ORDER BY e.id"
)
LIVE_REGISTRATIONS_SQL = (
    "SELECT external_id FROM event_registration WHERE account_id = %(account)s AND event_id = %(event)s"
    " AND external_source = %(source)s AND status IN ('pending', 'confirmed') ORDER BY id"
)
SYNC_SQL = (
    "CALL event_registration_sync(%(account)s, %(event)s, %(source)s, %(ticket)s, %(email)s, %(name)s,"
    " %(given_name)s, %(family_name)s, %(status)s, NULL, %(dry_run)s)"
)

log = logging.getLogger("aether.zoom")


class SettingsError(Exception):
    """An event's Zoom settings are missing or unusable."""


class TicketError(Exception):
    """A ticket Zoom listed that cannot become a registration."""


@dataclass(frozen=True)
class ZoomSettings:
    zoom_event_id: str
    credentials: Credentials
    api_base_url: str
    oauth_url: str


@dataclass(frozen=True)
class Ticket:
    """What a registration takes from a Zoom ticket."""
    ticket_id: str
    email: str | None
    given_name: str | None
    family_name: str | None
    status: str  # 'active' or 'cancelled'


async def sync_zoom(db, account_id, dry_run=False, http=None):
    """Syncs every Zoom-mapped event of the account (its internal id); answers the report."""
    report = {"dry_run": bool(dry_run), "events": []}
    events = await db.fetch_all(EVENTS_SQL, {"account": account_id})
    async with contextlib.AsyncExitStack() as stack:
        if http is None:
            http = await stack.enter_async_context(httpx.AsyncClient(timeout=TIMEOUT))
        for event in events:
            entry = await _sync_event(db, http, account_id, event, bool(dry_run))
            if entry is not None:
                report["events"].append(entry)
    return report


async def _sync_event(db, http, account_id, event, dry_run):
    event_cfg, site_cfg = _cfg(event["event_cfg"]), _cfg(event["site_cfg"])
    zoom_event_id = _text(event_cfg.get("zoom_event_id"))
    if zoom_event_id is None:
        return None  # "zoom_event_id": null or "": not mapped
    entry = {"event_id_random": event["id_random"], "zoom_event_id": zoom_event_id}
    try:
        settings = settings_of(zoom_event_id, event_cfg, site_cfg)
        tickets = await _listed_tickets(http, settings)
    except (SettingsError, ZoomError) as exc:
        log.warning("zoom sync of event %s: %s", event["id_random"], exc)
        return {**entry, "error": str(exc)}
    counts = await _write_tickets(db, account_id, event["id"], tickets, dry_run)
    log.info("zoom sync of event %s: %d added, %d changed, %d unchanged, %d failed%s", event["id_random"],
             len(counts["added"]), len(counts["changed"]), counts["unchanged"], len(counts["failed"]),
             " (dry run)" if dry_run else "")
    return {**entry, **counts}


def settings_of(zoom_event_id, event_cfg, site_cfg):
    """The Zoom settings of an event, from its cfg_json and its site's (see the module's words)."""
    from_event = any(key in event_cfg for key in CREDENTIAL_KEYS)
    source, where = (event_cfg, "the event's") if from_event else (site_cfg, "the site's")
    missing = [key for key in CREDENTIAL_KEYS if _text(source.get(key)) is None]
    if missing:
        where = where if from_event else "the event's and its site's"
        raise SettingsError(f"{', '.join(missing)} missing from {where} cfg_json")
    credentials = Credentials(*(_text(source[key]) for key in CREDENTIAL_KEYS))
    return ZoomSettings(
        zoom_event_id=zoom_event_id,
        credentials=credentials,
        api_base_url=_url("zoom_api_base_url", event_cfg, site_cfg, API_BASE_URL),
        oauth_url=_url("zoom_oauth_url", event_cfg, site_cfg, OAUTH_URL),
    )


async def _listed_tickets(http, settings):
    """Every ticket of the Zoom event, read in full before anything is written."""
    client = ZoomClient(settings.credentials, api_base_url=settings.api_base_url, oauth_url=settings.oauth_url,
                        http=http)
    return [ticket async for ticket in client.tickets(settings.zoom_event_id)]


async def _write_tickets(db, account_id, event_id, listed, dry_run):
    counts = {"added": [], "changed": [], "unchanged": 0, "failed": []}
    seen = set()
    for raw in listed:
        try:
            ticket = ticket_of(raw)
        except TicketError as exc:
            counts["failed"].append({"ticket": _ticket_id(raw), "reason": str(exc)})
            continue
        if ticket.ticket_id not in seen:
            seen.add(ticket.ticket_id)
            await _write(db, account_id, event_id, ticket, dry_run, counts)
    for ticket_id in await _vanished(db, account_id, event_id, seen):
        await _write(db, account_id, event_id, Ticket(ticket_id, None, None, None, "cancelled"), dry_run, counts)
    return counts


async def _write(db, account_id, event_id, ticket, dry_run, counts):
    """One ticket through event_registration_sync, its outcome counted."""
    values = {"account": account_id, "event": event_id, "source": SOURCE, "ticket": ticket.ticket_id,
              "email": ticket.email, "name": None, "given_name": ticket.given_name,
              "family_name": ticket.family_name, "status": ticket.status, "dry_run": int(dry_run)}
    try:
        row = await db.fetch_one(SYNC_SQL, values)
    except (pymysql.err.MySQLError, DatabaseBusy) as exc:
        counts["failed"].append({"ticket": ticket.ticket_id, "reason": problem_for(exc).detail})
        return
    if row["outcome"] == "unchanged":
        counts["unchanged"] += 1
    else:
        counts[row["outcome"]].append(ticket.ticket_id)


async def _vanished(db, account_id, event_id, listed_ids):
    """Ticket ids of the event's live Zoom registrations that Zoom no longer lists."""
    rows = await db.fetch_all(LIVE_REGISTRATIONS_SQL, {"account": account_id, "event": event_id, "source": SOURCE})
    return [row["external_id"] for row in rows if row["external_id"] not in listed_ids]


def ticket_of(raw):
    """A Zoom ticket as a registration reads it."""
    if not isinstance(raw, dict):
        raise TicketError("Zoom listed a ticket that is no JSON object")
    ticket_id = _ticket_id(raw)
    if ticket_id is None:
        raise TicketError("the ticket has no ticket_id")
    cancelled = (raw.get("cancelled") is True or raw.get("canceled") is True
                 or str(raw.get("status") or "").lower() in CANCELLED)
    return Ticket(ticket_id, _text(raw.get("email")), _text(raw.get("first_name")), _text(raw.get("last_name")),
                  "cancelled" if cancelled else "active")


def _ticket_id(raw):
    """The ticket's id: Zoom's `ticket_id` (an `id` is taken when there is none)."""
    if not isinstance(raw, dict):
        return None
    return _text(raw.get("ticket_id")) or _text(raw.get("id"))


def _url(key, event_cfg, site_cfg, default):
    value = _text(event_cfg.get(key)) or _text(site_cfg.get(key)) or default
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SettingsError(f"{key}: must be an http or https URL")
    return value


def _cfg(text):
    """A cfg_json column as a dict ({} when empty or not an object)."""
    value = json.loads(text) if isinstance(text, (str, bytes)) else text
    return value if isinstance(value, dict) else {}


def _text(value):
    """A setting or ticket field as trimmed text; None when empty or not text (numbers are text)."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    return str(value).strip() or None
