"""People and their own credentials: joining an account by invitation, setting, resetting and
changing a password. Tokens are made, hashed and spent in SQL (user_invitation_*,
user_password_*); a token reaches its person only by mail, never in an answer."""

import pymysql
from starlette.routing import Route

from api.auth import person, person_or_public, public, requires
from api.body import read_object, string_field
from api.encoding import JSONResponse
from api.login import logged_in
from api.mail import MailNotSent
from api.password_policy import MAX_LENGTH, MIN_LENGTH, check_new_password
from api.passwords import DUMMY_HASH, hash_password, in_hashing_thread, verify_password
from api.problems import SIGNAL_BASE, Problem, mail_failed, unauthorized

MAX_TOKEN = 100


def routes():
    return [
        Route("/v3/auth/invitations/accept", accept_invitation, methods=["POST"]),
        Route("/v3/auth/password", change_password, methods=["POST"]),
        Route("/v3/auth/password/reset", reset_password, methods=["POST"]),
        # Before /v3/crud's routes, whose nested-create pattern matches this path too.
        Route("/v3/crud/user/{id:id}/password-reset", request_password_reset, methods=["POST"]),
    ]


def new_password(body, name):
    """The body's field `name`, a new password that keeps api/password_policy.py's rules."""
    return check_new_password(string_field(body, name), name)


async def mail_invitation(services, row):
    """Mails a stored invitation (a row of user_invitation_insert, with its token)."""
    text = (
        f"You are invited to join {row['account_name']} on Aether,\n"
        f"with the role {row['role']}. To accept, send this token to\n"
        f"{services.mailer.url('/v3/auth/invitations/accept')}\n\n"
        f"Token: {row['token']}\n\n"
        "If you have an Aether login, log in as this email address first\n"
        "and send the token with your login token. If not, send it with a\n"
        f"new password (at least {MIN_LENGTH} characters, not a common one):\n"
        "your login is created.\n\n"
        f"The token works once, until {row['expires_on']:%Y-%m-%d %H:%M} UTC.\n"
    )
    await _send(services, row["email"], f"Invitation to {row['account_name']}", text,
                "The invitation was saved; POST it again to re-issue it (a new token and mail).")


@person_or_public
async def accept_invitation(request):
    """With a person's login token: that person joins. Without: a new person is created with the
    password sent (when nobody has the invited email yet) and joins, and is logged in."""
    services = request.app.state.services
    someone = request.state.person
    body = await read_object(request)
    token = string_field(body, "token", max_length=MAX_TOKEN)
    if someone is not None:
        for name in ("password", "name"):
            if name in body:
                raise Problem(422, "invalid_field", f"{name}: only for a new person; you are logged in", field=name)
    name = string_field(body, "name", required=False, max_length=200)
    password_hash = None
    if someone is None and body.get("password") is not None:
        password_hash = await in_hashing_thread(hash_password, new_password(body, "password"))
    try:
        row = await services.db.fetch_one(
            "CALL user_invitation_accept(%(token)s, %(user)s, %(hash)s, %(name)s)",
            {"token": token, "user": someone and someone.user_id_random, "hash": password_hash, "name": name},
        )
    except pymysql.err.OperationalError as exc:
        if _signalled(exc) == 401:
            raise unauthorized(
                "A person with the invited email has an Aether login: log in as them, then accept with "
                "that login token (Authorization: Bearer).", "login_required") from None
        raise
    await services.credentials.invalidate()
    joined = {key: row[key] for key in ("user_id_random", "account_id_random", "role")}
    if someone is not None:
        return JSONResponse(joined)
    return JSONResponse({**joined, **await logged_in(services, row["user_id_random"], row["token_version"])})


@requires("admin")
async def request_password_reset(request):
    """An admin has a single-use reset token mailed to a member; a platform admin to anyone."""
    services = request.app.state.services
    auth = request.state.auth
    services.mailer.require()
    row = await services.db.fetch_one(
        "CALL user_password_reset_create(%(account)s, %(user)s)",
        {"account": None if auth.is_platform_admin else auth.account_id, "user": request.path_params["id"]},
    )
    text = (
        f"A new password was asked for your Aether login, {row['email']}.\n"
        "To set it, send this token with your new password to\n"
        f"{services.mailer.url('/v3/auth/password/reset')}\n\n"
        f"Token: {row['token']}\n\n"
        f"The token works once, until {row['expires_on']:%Y-%m-%d %H:%M} UTC.\n"
        "If you did not expect this mail, ignore it: your password stays.\n"
    )
    await _send(services, row["email"], "Set your Aether password", text,
                "The reset was saved; ask again to send a new token.")
    return JSONResponse({"user_id_random": row["user_id_random"], "expires_on": row["expires_on"]}, 202)


@public
async def reset_password(request):
    """Sets a password with a mailed reset token; every earlier login token stops working."""
    services = request.app.state.services
    body = await read_object(request)
    token = string_field(body, "token", max_length=MAX_TOKEN)
    password_hash = await in_hashing_thread(hash_password, new_password(body, "password"))
    row = await services.db.fetch_one("CALL user_password_reset_use(%(token)s, %(hash)s)",
                                      {"token": token, "hash": password_hash})
    await services.credentials.invalidate()
    return JSONResponse(await logged_in(services, row["user_id_random"], row["token_version"]))


@person
async def change_password(request):
    """A person changes their own password; every earlier login token stops working, and the
    answer is a fresh one."""
    services = request.app.state.services
    user = request.state.person.user_id_random
    body = await read_object(request)
    current = string_field(body, "current_password", max_length=MAX_LENGTH)
    new = new_password(body, "new_password")
    row = await services.db.fetch_one("SELECT password_hash FROM v_auth_login WHERE user_id_random = %(u)s",
                                      {"u": user})
    stored = row and row["password_hash"]
    if not await in_hashing_thread(verify_password, current, stored or DUMMY_HASH) or not stored:
        raise Problem(422, "invalid_field", "current_password: is not your password", field="current_password")
    new_hash = await in_hashing_thread(hash_password, new)
    changed = await services.db.fetch_one("CALL user_password_change(%(u)s, %(current)s, %(new)s)",
                                          {"u": user, "current": stored, "new": new_hash})
    await services.credentials.invalidate()
    return JSONResponse(await logged_in(services, user, changed["token_version"]))


async def _send(services, to, subject, text, saved):
    try:
        await services.mailer.send(to, subject, text)
    except MailNotSent:
        raise mail_failed(saved) from None


def _signalled(exc):
    """The HTTP status a procedure's SIGNAL carries (MYSQL_ERRNO 31000 + status), else None."""
    errno = exc.args[0] if exc.args else None
    return errno - SIGNAL_BASE if isinstance(errno, int) and SIGNAL_BASE <= errno < SIGNAL_BASE + 600 else None
