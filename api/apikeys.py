"""API keys: created for one account and one role, shown once, stored as a hash."""

from starlette.responses import Response

from api import tokens
from api.accounts import check_role_name
from api.auth import requires
from api.body import read_object, string_field
from api.encoding import JSONResponse

PUBLIC_COLUMNS = "id_random, account_id_random, role, name, key_prefix, last_used_on, revoked_on, created_on"


async def create_api_key(db, account_id_random, role, name=None):
    """Answers (id_random, key): the key itself exists only in this answer."""
    check_role_name(role)
    key = tokens.new_api_key()
    row = await db.fetch_one(
        "CALL api_key_create(%(account)s, %(role)s, %(name)s, %(hash)s, %(prefix)s)",
        {"account": account_id_random, "role": role, "name": name,
         "hash": tokens.hash_api_key(key), "prefix": tokens.key_prefix(key)},
    )
    return row["id_random"], key


async def revoke_api_key(services, id_random, account_id=None):
    """(revoked_on, whether this call revoked it, whether the workers were told): untold workers
    stop accepting the key within the credential cache's lifetime."""
    row = await services.db.fetch_one("CALL api_key_revoke(%(account)s, %(id)s)",
                                      {"account": account_id, "id": id_random})
    return row["revoked_on"], bool(row["newly_revoked"]), await services.credentials.invalidate()


@requires("admin")
async def list_keys(request):
    rows = await request.app.state.services.db.fetch_all(
        f"SELECT {PUBLIC_COLUMNS} FROM v_api_key WHERE account_id = %(a)s ORDER BY created_on DESC, id DESC",
        {"a": request.state.auth.account_id},
    )
    return JSONResponse({"data": rows, "has_more": False})


@requires("admin")
async def create_key(request):
    body = await read_object(request)
    role = string_field(body, "role")
    name = string_field(body, "name", required=False, max_length=100)
    auth = request.state.auth
    id_random, key = await create_api_key(request.app.state.services.db, auth.account_id_random, role, name)
    created = {"id_random": id_random, "key": key, "role": role, "name": name, "account_id_random": auth.account_id_random}
    return JSONResponse(created, 201, {"Location": f"/v3/auth/api-keys/{id_random}"})


@requires("admin")
async def revoke_key(request):
    services = request.app.state.services
    await revoke_api_key(services, request.path_params["id"], request.state.auth.account_id)
    return Response(status_code=204)
