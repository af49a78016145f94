"""The one place that builds error answers: RFC 9457 problem+json with a stable `code`.

Database errors are translated here too, so no SQL text or stack trace reaches a client.
"""

import logging
import re
from http import HTTPStatus

import pymysql

from api.db import DatabaseUnavailable
from api.encoding import dumps
from starlette.exceptions import HTTPException
from starlette.responses import Response

MEDIA_TYPE = "application/problem+json"
# Procedures signal MYSQL_ERRNO 31000 + the HTTP status; MESSAGE_TEXT is "field: detail" or "detail".
SIGNAL_BASE = 31000
# crud_insert's 409: 'field: already exists as <id_random>'.
EXISTING = re.compile(r"already exists as ([A-Za-z0-9_-]{11})$")
FIELD_MESSAGE = re.compile(r"^([a-z_][a-z0-9_/]*): (.+)$", re.S)
# MariaDB names the column as 'name', `db`.`table`.`name`, Field 'name' or CONSTRAINT `name`.
COLUMN_IN_MESSAGE = re.compile(r"(?:column|field|constraint) (?:`\w+`\.)*[`']?(\w+)[`']?", re.I)

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


def invalid_parameter(name, detail, **extra):
    return Problem(400, "invalid_parameter", f"{name}: {detail}", parameter=name, **extra)


def unknown_parameter(name, allowed):
    return Problem(400, "unknown_parameter", f"Unknown query parameter: {name}.", parameter=name,
                   allowed=list(allowed))


def check_parameters(query, allowed):
    """Refuses a query string that names a parameter outside `allowed`."""
    for name in query:
        if name not in allowed:
            raise unknown_parameter(name, allowed)
    return query


def from_db_error(exc):
    """Translates a database error into the problem a client should see."""
    if isinstance(exc, DatabaseUnavailable):
        return Problem(503, "db_unavailable", "The database is not reachable; try again shortly.", {"Retry-After": "1"})
    errno = exc.args[0] if exc.args else None
    message = str(exc.args[1]) if len(exc.args) > 1 else ""
    if isinstance(errno, int) and SIGNAL_BASE + 400 <= errno < SIGNAL_BASE + 600:
        return _from_signal(errno - SIGNAL_BASE, message)
    if errno == 1062:
        return Problem(409, "conflict", "An object with this unique value already exists.")
    if errno in (1452, 1451):
        return Problem(409 if errno == 1451 else 422, "reference", _reference_detail(errno))
    if errno in (1406, 1264, 1265, 1366, 1292, 1048, 1364, 4025, 3140, 1367):
        field = _column(message, reference=errno in (1364, 1048))
        return Problem(422, "invalid_field", _invalid_detail(errno, field), field=field)
    log.error("unmapped database error %s: %s", errno, message)
    return Problem(500, "internal", "The server could not complete this request.")


def _from_signal(status, message):
    match = FIELD_MESSAGE.match(message)
    if not match:
        return Problem(status, _code_for(status), message)
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
    if not match:
        return None
    # A missing reference column `<type>_id` is the field `<type>_id_random` to clients (other
    # columns ending in _id, such as a string session_id, are fields of their own).
    name = match.group(1)
    return f"{name}_random" if reference and name.endswith("_id") else name


def _invalid_detail(errno, field):
    what = {
        1406: "is too long",
        1264: "is out of range",
        1265: "has a value that is not allowed",
        1366: "has a value of the wrong type",
        1292: "has a value of the wrong type",
        1048: "must not be null",
        1364: "is required",
        4025: "fails its check",
        3140: "must be valid JSON",
        1367: "has a value of the wrong type",
    }[errno]
    return f"{field or 'a field'} {what}"


def _reference_detail(errno):
    if errno == 1451:
        return "Other objects still refer to this one; delete or move them first."
    return "A referenced object does not exist."


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
    return isinstance(exc, (pymysql.err.MySQLError, DatabaseUnavailable))


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
