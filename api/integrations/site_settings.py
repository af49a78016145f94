"""An integration's settings: keys of the `cfg_json` of one of the caller's sites. The header
`x-site-id` names the site; without it, the one site of the account that has the settings."""

import json

from api.ids import is_id_random
from api.problems import Problem, invalid_parameter

# The site table itself: its view masks the secrets (cfg_public).
SITES_SQL = "SELECT id_random, cfg_json FROM site WHERE account_id = %(account)s ORDER BY id"


async def site_settings(db, account_id, site_header, keys, what):
    """(site id_random, cfg_json) of the site whose cfg_json holds every one of `keys`; `what`
    names the integration in the problems (404 none, 400 several and no header)."""
    if site_header is not None and not is_id_random(site_header):
        raise invalid_parameter("x-site-id", "must be a site's id_random")
    sites = [(row["id_random"], _config(row["cfg_json"])) for row in await db.fetch_all(SITES_SQL, {"account": account_id})]
    if site_header is not None:
        sites = [site for site in sites if site[0] == site_header]
        if not sites:
            raise Problem(404, "not_found", f"There is no site {site_header} in your account.")
    configured = [site for site in sites if all(site[1].get(key) for key in keys)]
    if not configured:
        said = f"Site {site_header} has no" if site_header else "No site of your account has"
        raise Problem(404, "not_configured", f"{said} {what} settings ({', '.join(keys)} in a site's cfg_json).",
                      missing=list(keys))
    if len(configured) > 1:
        raise Problem(400, "site_required", f"Several sites of your account have {what} settings: name one with "
                      "the x-site-id header.", sites=[site[0] for site in configured])
    return configured[0]


def _config(raw):
    value = json.loads(raw) if isinstance(raw, (str, bytes)) else raw
    return value if isinstance(value, dict) else {}
