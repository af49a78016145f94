"""The Zoom Events ticket sync as clients and operators start it: POST /v3/action/zoom/sync
(admin, one account), `aether sync-zoom` and AE_ZOOM_SYNC_CRON (every account with a mapped
event); one run per account at a time, each recorded (api/integrations/runs.py)."""

from api.auth import requires
from api.encoding import JSONResponse
from api.integrations import runs
from api.integrations.zoom_sync import sync_zoom
from api.problems import Problem, check_parameters
from api.search import boolean_parameter

MAPPED_SQL = ("SELECT DISTINCT e.account_id FROM v_event AS e WHERE JSON_EXISTS(e.cfg_json, '$.zoom_event_id')"
              " ORDER BY e.account_id")


@requires("admin")
async def sync_action(request):
    check_parameters(request.query_params, ("dry_run",))
    report = await sync_account(request.app.state.services, request.state.auth.account_id,
                                boolean_parameter(request.query_params, "dry_run"))
    return JSONResponse(report)


async def sync_account(services, account_id, dry_run=False):
    async def work():
        return {"events": (await sync_zoom(services.db, account_id, dry_run, services.http))["events"]}
    return await runs.recorded(services, account_id, None, "zoom", dry_run, work)


async def sync_all(services, dry_run=False):
    reports = []
    for row in await services.db.fetch_all(MAPPED_SQL):
        try:
            reports.append(await sync_account(services, row["account_id"], dry_run))
        except Problem as exc:
            reports.append({"error": exc.detail})
    return reports
