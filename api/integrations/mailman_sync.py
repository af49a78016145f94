"""The Novi-to-Mailman mirror: each list of a site's `novi_mailman_sync` mappings gets exactly
the emails of its Novi group's members (active, not unsubscribed from emails; spaces in Novi's
addresses read as '+', compared case-insensitively). Novi-only addresses are subscribed,
Mailman-only ones unsubscribed; a dry run reports without changing anything.

One run per site at a time, each recorded (api/integrations/runs.py).
"""

from api.auth import requires
from api.encoding import JSONResponse
from api.integrations import novi, runs
from api.integrations.mailman import Mailman, MailmanError
from api.integrations.site_settings import site_settings
from api.problems import Problem, check_parameters
from api.search import boolean_parameter

SETTINGS = ("novi_api_root_url", "novi_idaa_api_key", "mailman_base_url", "mailman_username", "mailman_password",
            "novi_mailman_sync")
CONFIGURED_SQL = "SELECT s.account_id, s.id_random FROM v_site AS s WHERE JSON_EXISTS(s.cfg_json, '$.novi_mailman_sync')"


@requires("admin")
async def sync_action(request):
    """POST /v3/action/e_novi_mailman/sync[?dry_run=true]: one site's mirror, its report."""
    check_parameters(request.query_params, ("dry_run",))
    report = await sync_site(request.app.state.services, request.state.auth.account_id,
                             request.headers.get("x-site-id"), boolean_parameter(request.query_params, "dry_run"))
    return JSONResponse(report)


async def sync_site(services, account_id, site_header=None, dry_run=False):
    """Runs every mapping of one site of the account; answers the report (also recorded)."""
    site, config = await site_settings(services.db, account_id, site_header, SETTINGS, "Novi and Mailman")

    async def work():
        return {"site_id_random": site,
                "lists": [await _mapping(services.http, config, mapping, dry_run) for mapping in _mappings(config)]}
    return await runs.recorded(services, account_id, site, "mailman", dry_run, work)


async def sync_all(services, dry_run=False):
    """Every configured site of every account (the command line and the schedule)."""
    reports = []
    for row in await services.db.fetch_all(CONFIGURED_SQL):
        try:
            reports.append(await sync_site(services, row["account_id"], row["id_random"], dry_run))
        except Problem as exc:
            reports.append({"site_id_random": row["id_random"], "error": exc.detail})
    return reports


def _mappings(config):
    mappings = config.get("novi_mailman_sync")
    return [m for m in mappings if isinstance(m, dict)] if isinstance(mappings, list) else []


async def _mapping(http, config, mapping, dry_run):
    guid, list_id = str(mapping.get("novi_group_guid") or ""), str(mapping.get("mailman_list_id") or "")
    entry = {"novi_group_guid": guid, "mailman_list_id": list_id}
    if not guid or not list_id:
        return {**entry, "error": "a mapping needs novi_group_guid and mailman_list_id"}
    mailman = Mailman(config["mailman_base_url"], config["mailman_username"], config["mailman_password"], client=http)
    try:
        wanted, failed = await _novi_addresses(http, novi.Novi.of(config), guid)
        have = {address.lower(): address for address in await mailman.roster(list_id)}
    except (novi.NoviError, MailmanError) as exc:
        return {**entry, "error": str(exc)}
    return {**entry, **await _mirror(mailman, list_id, wanted, have, failed, dry_run)}


async def _novi_addresses(http, client, guid):
    """lower-cased address -> address, of the group's members to subscribe; and the members Novi
    would not give (with why)."""
    records = await client.customers(http, await client.group_members(http, guid))
    wanted, failed = {}, []
    for uuid, record in records.items():
        if isinstance(record, novi.NoviError):
            failed.append({"novi_uuid": uuid, "reason": str(record)})
        elif address := novi.mailable(record):
            wanted.setdefault(address.lower(), address)
    return wanted, failed


async def _mirror(mailman, list_id, wanted, have, failed, dry_run):
    added = sorted(wanted[key] for key in wanted.keys() - have.keys())
    removed = sorted(have[key] for key in have.keys() - wanted.keys())
    done = {"added": [], "removed": []}
    for verb, addresses, change in (("added", added, mailman.subscribe), ("removed", removed, mailman.unsubscribe)):
        for address in addresses:
            try:
                if not dry_run:
                    await change(list_id, address)
                done[verb].append(address)
            except MailmanError as exc:
                failed.append({"address": address, "reason": str(exc)})
    return {**done, "unchanged": len(wanted.keys() & have.keys()), "failed": failed}
