"""People log in with email and password and get a signed JWT; a password hash made under older
rules (scrypt, or other argon2 parameters) is replaced at that moment."""

from api import tokens
from api.auth import public
from api.body import read_object, string_field
from api.encoding import JSONResponse
from api.password_policy import MAX_LENGTH
from api.passwords import DUMMY_HASH, hash_password, in_hashing_thread, needs_rehash, verify_password
from api.problems import unauthorized
from api.throttle import subject


@public
async def login(request):
    services = request.app.state.services
    body = await read_object(request)
    email = string_field(body, "email", max_length=254).strip().lower()
    password = string_field(body, "password", max_length=MAX_LENGTH)
    row = await services.db.fetch_one(
        "SELECT user_id_random, password_hash, token_version, enable FROM v_auth_login WHERE email = %(e)s",
        {"e": email},
    )
    user = row and row["user_id_random"]
    attempt = await services.throttle.attempt(subject(user, email), client_address(request))
    good = await in_hashing_thread(verify_password, password, (row and row["password_hash"]) or DUMMY_HASH)
    if not (row and good and row["enable"]):
        raise unauthorized("Email or password is wrong.", "invalid_login")
    await services.throttle.succeeded(attempt)
    if needs_rehash(row["password_hash"]):
        await rehash(services, row["user_id_random"], password, row["password_hash"])
    return JSONResponse(await logged_in(services, row["user_id_random"], row["token_version"]))


async def rehash(services, user, password, verified_hash):
    """Stores the just-verified password under today's hashing (argon2id, api/passwords.py) in
    place of `verified_hash`, unless that changed meanwhile. Login tokens stay valid."""
    new_hash = await in_hashing_thread(hash_password, password)
    await services.db.fetch_one("CALL user_password_rehash(%(u)s, %(old)s, %(new)s)",
                                {"u": user, "old": verified_hash, "new": new_hash})


async def logged_in(services, user, version):
    """Records a login and answers what /v3/auth/login answers: a token for `user`, issued under
    their token_version, and their accounts."""
    await services.db.execute("CALL user_login_record(%(u)s)", {"u": user})
    memberships = await services.credentials.memberships(user)
    settings = services.settings
    return {
        "access_token": tokens.issue_jwt(user, settings.jwt_key, settings.jwt_ttl_seconds, version=version),
        "token_type": "Bearer",
        "expires_in": settings.jwt_ttl_seconds,
        "user_id_random": user,
        "accounts": [
            {"id_random": m["account_id_random"], "name": m["account_name"], "role": m["role"]}
            for m in memberships if m["account_id_random"]
        ],
    }


def client_address(request):
    """The peer's address; uvicorn puts a trusted proxy's X-Forwarded-For here (FORWARDED_ALLOW_IPS)."""
    return request.client.host if request.client else "unknown"


async def me(request):
    auth = request.state.auth
    return JSONResponse({
        "account_id_random": auth.account_id_random,
        "role": auth.role,
        "principal": auth.principal,
        "principal_id_random": auth.principal_id_random,
        "is_platform_admin": auth.is_platform_admin,
    })
