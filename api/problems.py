"""The one place that builds error answers: RFC 9457 problem+json with a stable `code`.

Database errors are translated here too, so no SQL text or stack trace reaches a client.
"""

import difflib
import logging
import re
from dataclasses import dataclass
from http import HTTPStatus

import pymysql

from api.db import DatabaseBusy, DatabaseUnavailable
from api.encoding import dumps
from starlette.exceptions import HTTPException
from starlette.responses import Response

MEDIA_TYPE = "application/problem+json"
# Procedures signal MYSQL_ERRNO 31000 + the HTTP status; MESSAGE_TEXT is "field: detail" or "detail".
SIGNAL_BASE = 31000
# crud_insert's 409: 'field: already exists as <id_random>'.
EXISTING = re.compile(r"already exists as ([A-Za-z0-9_-]{11})$")
FIELD_MESSAGE = re.compile(r"^([a-z_][a-z0-9_/]*): (.+)$", re.S)
# MariaDB names the column as 'name', `db`.`table`.`name` (parts may be empty or "(temporary)"),
# Field 'name' or CONSTRAINT `name`.
COLUMN_IN_MESSAGE = re.compile(r"(?:column|field|constraint) (?:`[^`]*`\.)*[`']?(\w+)[`']?", re.I)

log = logging.getLogger("aether.problems")


class Problem(Exception):
    def __init__(self, status, code, detail, headers=None, **extra):
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
        self.headers = headers or {}
        self.extra = extra

    def response(self):
        body = {
            "type": f"urn:aether:problem:{self.code}",
            "title": HTTPStatus(self.status).phrase,
            "status": self.status,
            "detail": self.detail,
            "code": self.code,
            **self.extra,
        }
        return Response(dumps(body), self.status, self.headers, MEDIA_TYPE)


def mail_unavailable():
    return Problem(503, "mail_unavailable",
                   "This server cannot send mail (AE_SMTP_URL is not set), so it cannot send invitations or "
                   "password resets; nothing was saved.")


def mail_failed(saved):
    """The mail did not leave after its token was stored; `saved` says what was kept and how to retry."""
    return Problem(503, "mail_failed", f"The mail could not be sent. {saved}", {"Retry-After": "60"})


def unauthorized(detail, code="unauthorized"):
    return Problem(401, code, detail, {"WWW-Authenticate": 'Bearer realm="aether", ApiKey header="x-api-key"'})


def forbidden(detail, code="forbidden", **extra):
    return Problem(403, code, detail, **extra)


def too_many_attempts(retry_after):
    """Says nothing about whether the email exists: every email is throttled the same way."""
    return Problem(429, "too_many_attempts", "Too many failed logins: wait the seconds in Retry-After, then try again.",
                   {"Retry-After": str(retry_after)})


def invalid_parameter(name, detail, **extra):
    return Problem(400, "invalid_parameter", f"{name}: {detail}", parameter=name, **extra)


def close_match(name, known):
    """The known name a mistyped one most likely meant (difflib), or None."""
    if not isinstance(name, str):
        return None
    found = difflib.get_close_matches(name, list(known), 1)
    return found[0] if found else None


def suggest(problem, name, known, phrase="; did you mean {}?"):
    """The problem, with the known name closest to `name` as did_you_mean and in its detail."""
    guess = close_match(name, known)
    if guess:
        problem.extra["did_you_mean"] = guess
        problem.detail += phrase.format(guess)
    return problem


def unknown_parameter(name, allowed, hint=None):
    return Problem(400, "unknown_parameter", f"Unknown query parameter: {name}." + (f" {hint}" if hint else ""),
                   parameter=name, allowed=list(allowed))


def check_parameters(query, allowed):
    """Refuses a query string that names a parameter outside `allowed`."""
    for name in query:
        if name not in allowed:
            raise unknown_parameter(name, allowed)
    return query


def method_not_allowed(method, allowed, reason=None):
    """405: `allowed`, the methods the URL takes (none, when nothing is offered there), in the
    Allow header and in the detail."""
    methods = sorted(allowed)
    listed = ", ".join(methods)
    said = f"{method[:32]} is not allowed here; allowed: {listed or 'none'}."
    return Problem(405, "method_not_allowed", f"{reason} {said}" if reason else said, {"Allow": listed},
                   allowed=methods)


@dataclass(frozen=True)
class DbError:
    """How one MariaDB error number is answered. `field`: the detail names the column the
    message names ("name is too long"); otherwise `detail` is the whole text."""
    status: int
    code: str
    detail: str
    field: bool = False
    headers: tuple = ()


BUSY = DbError(503, "db_busy", "The data is busy with other writes; try again in a moment.",
               headers=(("Retry-After", "1"),))
WRONG_TYPE = DbError(422, "invalid_field", "has a value of the wrong type", field=True)
NOT_STORABLE = DbError(422, "invalid_field", "holds characters this field cannot store", field=True)
NOT_JSON = DbError(422, "invalid_field", "must be valid JSON", field=True)
OUT_OF_RANGE = DbError(422, "invalid_field", "is out of range", field=True)
# Every MariaDB error number the API can meet. Anything else is logged with its number and
# answered 500 without details. Routine variables (p_*, v_*, o_*) are never named.
DB_ERRORS = {
    1048: DbError(422, "invalid_field", "must not be null", field=True),
    1062: DbError(409, "conflict", "An object with this unique value already exists."),
    1153: DbError(413, "body_too_large", "The request is larger than the database accepts; send less."),
    1205: BUSY,
    1213: BUSY,
    1264: OUT_OF_RANGE,
    1265: DbError(422, "invalid_field", "has a value that is not allowed", field=True),
    1267: NOT_STORABLE,
    1270: NOT_STORABLE,
    1271: NOT_STORABLE,
    1292: WRONG_TYPE,
    1364: DbError(422, "invalid_field", "is required", field=True),
    1366: WRONG_TYPE,
    1367: WRONG_TYPE,
    1406: DbError(422, "invalid_field", "is too long", field=True),
    1467: BUSY,
    1451: DbError(409, "reference", "Other objects still refer to this one; delete or move them first."),
    1452: DbError(422, "reference", "A referenced object does not exist."),
    1690: OUT_OF_RANGE,
    1969: DbError(503, "query_timeout", "The query took too long; narrow it, or try again later.",
                  headers=(("Retry-After", "1"),)),
    3140: NOT_JSON,
    4025: DbError(422, "invalid_field", "fails its check", field=True),
    4038: NOT_JSON,
}
# A column MariaDB names in a message is a field only when it is not a routine's own variable.
ROUTINE_VARIABLE = re.compile(r"^[pvo]_")


def from_db_error(exc):
    """Translates a database error into the problem a client should see."""
    if isinstance(exc, DatabaseUnavailable):
        return Problem(503, "db_unavailable", "The database is not reachable; try again shortly.", {"Retry-After": "1"})
    if isinstance(exc, DatabaseBusy):
        exc = exc.__cause__
    errno = exc.args[0] if exc.args else None
    message = str(exc.args[1]) if len(exc.args) > 1 else ""
    if isinstance(errno, int) and SIGNAL_BASE + 400 <= errno < SIGNAL_BASE + 600:
        return _from_signal(errno - SIGNAL_BASE, message)
    known = DB_ERRORS.get(errno)
    if known is None:
        log.error("unmapped database error %s: %s", errno, message)
        return Problem(500, "internal", "The server could not complete this request.")
    if not known.field:
        return Problem(known.status, known.code, known.detail, dict(known.headers))
    field = _column(message, reference=errno in (1364, 1048))
    extra = {"field": field} if field else {}
    return Problem(known.status, known.code, f"{field or 'a value'} {known.detail}", **extra)


def _from_signal(status, message):
    match = FIELD_MESSAGE.match(message)
    if not match or ROUTINE_VARIABLE.match(match.group(1)):
        return Problem(status, _code_for(status), message if match is None else match.group(2))
    field, detail = match.groups()
    existing = EXISTING.search(detail) if status == 409 else None
    if existing:
        return Problem(409, "conflict", f"{field}: another object already has this value",
                       field=field, existing_id_random=existing.group(1))
    return Problem(status, _code_for(status), f"{field}: {detail}", field=field)


def _code_for(status):
    return {404: "not_found", 405: "method_not_allowed", 409: "conflict", 422: "invalid_field",
            403: "forbidden"}.get(status, "invalid")


def _column(message, reference):
    match = COLUMN_IN_MESSAGE.search(message)
    if not match or ROUTINE_VARIABLE.match(match.group(1)):
        return None
    # A missing reference column `<type>_id` is the field `<type>_id_random` to clients (other
    # columns ending in _id, such as a string session_id, are fields of their own).
    name = match.group(1)
    return f"{name}_random" if reference and name.endswith("_id") else name


def from_http_exception(exc: HTTPException):
    codes = {404: "not_found", 405: "method_not_allowed"}
    detail = exc.detail if exc.detail != HTTPStatus(exc.status_code).phrase else _http_detail(exc.status_code)
    return Problem(exc.status_code, codes.get(exc.status_code, "http_error"), detail, dict(exc.headers or {}))


def _http_detail(status):
    return {
        404: "No route matches this URL.",
        405: "This route does not accept this method.",
    }.get(status, HTTPStatus(status).description)


def is_db_error(exc):
    return isinstance(exc, (pymysql.err.MySQLError, DatabaseUnavailable, DatabaseBusy))


def problem_for(exc):
    """Any exception as the problem a client should see; unexpected ones are logged."""
    if isinstance(exc, Problem):
        return exc
    if isinstance(exc, HTTPException):
        return from_http_exception(exc)
    if is_db_error(exc):
        return from_db_error(exc)
    log.exception("unhandled error", exc_info=exc)
    return Problem(500, "internal", "The server could not complete this request.")
