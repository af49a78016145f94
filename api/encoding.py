"""JSON encoding of SQL values: UTC datetimes with Z, decimals as numbers, JSON columns as JSON."""

import datetime
import decimal
import json

from starlette.responses import Response


def default(value):
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            return value.isoformat() + "Z"
        return value.astimezone(datetime.timezone.utc).isoformat().replace("+00:00", "Z")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):  # as MariaDB writes a DOUBLE: 1.000 is 1, 0.950 is 0.95
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, (bytes, bytearray)):
        return value.decode("utf-8", "replace")
    raise TypeError(f"cannot encode {type(value).__name__}")


def dumps(data):
    return json.dumps(data, default=default, ensure_ascii=False, separators=(",", ":")).encode()


def page(documents, tail):
    """{"data": [documents...], **tail}: the documents are JSON MariaDB built (bytes), passed
    through as they are; only the tail is encoded here."""
    return b'{"data":[' + b",".join(documents) + b"]," + dumps(tail)[1:]


class JSONResponse(Response):
    media_type = "application/json"

    def render(self, content):
        return dumps(content)

