"""GET /v3/action/idaa/novi_member/{uuid}: whether a Novi customer exists, as the caller's site's
Novi says, with a display name and email for the front end.

Verified answers are cached in Redis for 4 hours per Novi and uuid; a "no" is never cached (a
member may have joined a minute ago). Redis down: every call asks Novi.
"""

import hashlib

from api.encoding import JSONResponse
from api.integrations import novi
from api.integrations.site_settings import site_settings
from api.problems import Problem, invalid_parameter

CACHE_SECONDS = 4 * 3600


async def novi_member(request):
    uuid = request.path_params["uuid"]
    if not novi.UUID.match(uuid):
        raise invalid_parameter("uuid", "a Novi UniqueID is a GUID such as 0f8fad5b-d9cb-469f-a165-70867728950e")
    services = request.app.state.services
    _, config = await site_settings(services.db, request.state.auth.account_id, request.headers.get("x-site-id"),
                                    novi.SETTINGS, "Novi")
    client = novi.Novi.of(config)
    key = cache_key(client.root, uuid)
    member = await services.cache.get_json(key)
    if member is None:
        member = await _verify(services.http, client, uuid)
        await services.cache.set_json(key, member, CACHE_SECONDS)
    return JSONResponse(member)


def cache_key(root, uuid):
    """idaa:novi_member:{uuid}, scoped by the Novi it came from: two accounts' Novis never share
    an answer."""
    return f"idaa:novi_member:{hashlib.sha256(root.encode()).hexdigest()[:16]}:{uuid.lower()}"


async def _verify(http, client, uuid):
    try:
        customer = await client.get(http, f"/customers/{uuid}")
    except novi.NoviError as exc:
        raise _problem(exc) from None
    if not novi.has_identity(customer):
        raise _problem(novi.NoviError("Novi has no such record.", 404))
    return {"verified": True, "full_name": novi.display_name(customer), "email": novi.email(customer.get("Email")) or None}


def _problem(exc):
    if exc.status == 404:
        return Problem(404, "not_a_member", "Novi knows no member with this uuid.")
    if exc.status == 429:
        return Problem(429, "novi_rate_limited", str(exc), {"Retry-After": exc.retry_after or "60"})
    return Problem(503, "novi_unavailable", str(exc), {"Retry-After": "30"})
