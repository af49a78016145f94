"""Fail-closed authentication and account context, applied to every route that is not
explicitly public. Endpoints read the result as `request.state.auth`."""

from dataclasses import dataclass

import jwt
from starlette.datastructures import Headers

from api import tokens
from api.problems import Problem, forbidden, unauthorized

PUBLIC = "public"
# Routes for a person themself, in no particular account: PERSON needs their login token (an API
# key is refused); PERSON_OR_PUBLIC takes one when it is sent and answers without credentials too.
PERSON = "person"
PERSON_OR_PUBLIC = "person_or_public"
ROLES = ("read", "write", "admin")
RANK = {role: rank for rank, role in enumerate(ROLES, 1)}
READ_METHODS = {"GET", "HEAD", "OPTIONS"}
ROUTE_KEY = "aether.route"  # the route RequestContext matched
MATCH_KEY = "aether.match"  # and the child scope (path_params, endpoint) of that match


@dataclass(frozen=True)
class AuthContext:
    account_id: int
    account_id_random: str
    role: str
    principal: str
    principal_id_random: str
    is_platform_admin: bool = False

    def allows(self, role):
        return RANK[self.role] >= RANK[role]


@dataclass(frozen=True)
class Person:
    """A person named by a valid login token (request.state.person), whatever their accounts."""
    user_id_random: str
    is_platform_admin: bool


def requires(role):
    """Declares the role an endpoint needs, where the method's default is not right."""
    def mark(endpoint):
        endpoint.required_role = role
        return endpoint
    return mark


public = requires(PUBLIC)
person = requires(PERSON)
person_or_public = requires(PERSON_OR_PUBLIC)


def public_read_when(check):
    """Marks a read endpoint that answers without credentials when `await check(scope)` is true;
    the caller then names the account with x-account-id and reads with the read role."""
    def mark(endpoint):
        endpoint.public_read = check
        return endpoint
    return mark


def required_role(route, method):
    declared = getattr(getattr(route, "endpoint", None), "required_role", None)
    return declared or ("read" if method in READ_METHODS else "write")


class Authenticator:
    def __init__(self, credentials, jwt_key):
        self.credentials = credentials
        self.jwt_key = jwt_key

    async def authenticate(self, headers):
        api_key = headers.get("x-api-key")
        bearer = _bearer(headers.get("authorization"))
        account = headers.get("x-account-id") or None
        if api_key and bearer:
            raise unauthorized("Send one credential: either x-api-key or Authorization, not both.")
        if api_key:
            return await self._from_api_key(api_key, account)
        if bearer:
            return await self._from_jwt(bearer, account)
        if headers.get("authorization"):
            raise unauthorized("The Authorization header must be 'Bearer <token>'.")
        raise unauthorized("Credentials required: send an x-api-key header or Authorization: Bearer <token>.")

    async def _from_api_key(self, key, account):
        record = await self.credentials.api_key(tokens.hash_api_key(key))
        if record is None:
            raise unauthorized("The API key is not valid or has been revoked.", "invalid_api_key")
        if account and account != record["account_id_random"]:
            raise forbidden(
                f"This API key belongs to account {record['account_id_random']}; "
                f"x-account-id names {account[:64]}. Leave x-account-id out or name the key's account.",
                "account_mismatch",
            )
        _check_enabled(record)
        return AuthContext(record["account_id"], record["account_id_random"], record["role"], "api_key", record["id_random"])

    async def person(self, headers, optional=False):
        """The person a login token names, for routes that act on the person, not an account."""
        if "x-api-key" in headers:
            raise forbidden("This route is for people: send your login token (Authorization: Bearer), "
                            "not an API key.", "person_required")
        bearer = _bearer(headers.get("authorization"))
        if bearer is None:
            if headers.get("authorization"):
                raise unauthorized("The Authorization header must be 'Bearer <token>'.")
            if optional:
                return None
            raise unauthorized("This route needs your login token: send Authorization: Bearer <token>.")
        user, rows = await self._person_rows(bearer)
        return Person(user, bool(rows[0]["is_platform_admin"]))

    async def _person_rows(self, token):
        try:
            user, version = tokens.read_jwt(token, self.jwt_key)
        except jwt.ExpiredSignatureError:
            raise unauthorized("The token has expired: log in again.", "token_expired") from None
        except jwt.InvalidTokenError:
            if token.startswith(tokens.KEY_PREFIX):
                raise unauthorized("This is an API key: send it as the x-api-key header, not as a Bearer token.",
                                   "api_key_as_bearer") from None
            raise unauthorized("The token is not valid.", "invalid_token") from None
        rows = await self.credentials.memberships(user)
        if not rows or not rows[0]["user_enable"]:
            raise unauthorized("The token's user does not exist or is disabled.", "invalid_token")
        if rows[0]["token_version"] != version:
            raise unauthorized("The token is no longer valid: the password was changed since. Log in again.",
                               "invalid_token")
        return user, rows

    async def _from_jwt(self, token, account):
        user, rows = await self._person_rows(token)
        admin = bool(rows[0]["is_platform_admin"])
        memberships = {row["account_id_random"]: row for row in rows if row["account_id_random"]}
        if account is None:
            return self._only_account(user, memberships, admin)
        if account in memberships:
            # A platform admin is admin on every account, including those they are a member of.
            row = memberships[account]
            return _context(row, "admin" if admin else row["role"], user, admin)
        if admin:
            row = await self.credentials.account(account)
            if row:
                return _context(row, "admin", user, admin)
        raise forbidden(f"Account {account[:64]} is not one of your accounts.", "not_your_account")

    def _only_account(self, user, memberships, admin):
        if len(memberships) == 1 and not admin:
            row = next(iter(memberships.values()))
            return _context(row, row["role"], user, admin)
        if not memberships and not admin:
            raise forbidden("You are not a member of any account.", "no_account")
        raise forbidden(
            "Send the x-account-id header: name the account to act on "
            f"({'a platform admin must always name it' if admin else f'you belong to {len(memberships)} accounts'}).",
            "account_required",
        )


def _context(row, role, user, admin):
    _check_enabled(row)
    return AuthContext(row["account_id"], row["account_id_random"], role, "user", user, admin)


def _check_enabled(row):
    if not row["account_enable"]:
        raise forbidden(f"Account {row['account_id_random']} is disabled.", "account_disabled")


def _bearer(value):
    if value and value[:7].lower() == "bearer " and value[7:].strip():
        return value[7:].strip()
    return None


def check_role(auth, role):
    if not auth.allows(role):
        raise forbidden(
            f"This request needs the '{role}' role; your credentials have '{auth.role}' "
            f"on account {auth.account_id_random}.",
            "role_required",
            required_role=role,
        )


class AuthMiddleware:
    def __init__(self, app, authenticator):
        self.app = app
        self.authenticator = authenticator

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        role = required_role(scope.get(ROUTE_KEY), scope.get("method", "GET"))
        if role in (PERSON, PERSON_OR_PUBLIC):
            try:
                person = await self.authenticator.person(Headers(scope=scope), optional=role == PERSON_OR_PUBLIC)
            except Problem as problem:
                return await _refuse(problem, scope, receive, send)
            scope.setdefault("state", {})["person"] = person
        elif role != PUBLIC:
            headers = Headers(scope=scope)
            try:
                auth = await self._anonymous(scope, headers) or await self.authenticator.authenticate(headers)
                check_role(auth, role)
            except Problem as problem:
                return await _refuse(problem, scope, receive, send)
            scope.setdefault("state", {})["auth"] = auth
        await self.app(scope, receive, send)


    async def _anonymous(self, scope, headers):
        check = getattr(getattr(scope.get(ROUTE_KEY), "endpoint", None), "public_read", None)
        account = headers.get("x-account-id")
        if not check or not account or "x-api-key" in headers or "authorization" in headers:
            return None
        if not await check(scope):
            return None
        row = await self.authenticator.credentials.account(account)
        if row is None:
            raise unauthorized(f"Account {account[:64]} does not exist.", "unknown_account")
        _check_enabled(row)
        return AuthContext(row["account_id"], row["account_id_random"], "read", "anonymous", "")


async def _refuse(problem, scope, receive, send):
    if scope["type"] == "websocket":
        await send({"type": "websocket.close", "code": 1008, "reason": problem.detail[:120]})
        return
    await problem.response()(scope, receive, send)
