"""Reading request bodies: one JSON object of bounded size and depth, or a 4xx problem that says
what is wrong. What passes can be encoded as UTF-8, bound to a statement and read by MariaDB's
JSON functions: nothing in it can fail later, in the driver or in the database."""

import json
import math

from api.problems import Problem

# MariaDB's JSON functions refuse a document with more nested arrays and objects than this
# (31 arrays around a number are read; 32 empty arrays are not).
MAX_DEPTH = 31


async def read_object(request):
    data = parse_json(await read_bytes(request))
    if not isinstance(data, dict):
        raise Problem(400, "invalid_json", "The request body must be a JSON object.")
    return data


async def read_bytes(request):
    """The body, refused with 413 as soon as its declared or streamed size passes the limit."""
    limit = request.app.state.services.settings.max_body_bytes
    declared = request.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > limit:
        raise too_large(limit)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def too_large(limit):
    return Problem(413, "body_too_large", f"The request body is larger than {limit} bytes.", limit=limit)


class _NotJson(ValueError):
    pass


def _refuse_constant(name):
    raise _NotJson(f"{name} is not a JSON number")


def _finite(text):
    number = float(text)
    if not math.isfinite(number):
        raise _NotJson(f"the number {text[:40]} is too large")
    return number


def parse_json(raw):
    try:
        data = json.loads(raw, parse_constant=_refuse_constant, parse_float=_finite) if raw else None
    except RecursionError:
        raise Problem(400, "invalid_json", f"The request body nests deeper than {MAX_DEPTH} levels.") from None
    except _NotJson as exc:
        raise Problem(400, "invalid_json", f"The request body is not valid JSON: {exc}.") from None
    except ValueError:
        raise Problem(400, "invalid_json", "The request body is not valid JSON.") from None
    _check(data, 0, None, escaped=b"\\u" in raw)
    return data


def _check(value, depth, field, escaped):
    """Walks the document (`depth`: the arrays and objects around value): no more than MAX_DEPTH
    nested arrays and objects, every text encodable as UTF-8 (an escaped lone surrogate such as
    "\\ud800" is valid JSON but no valid text)."""
    if depth >= MAX_DEPTH and isinstance(value, (dict, list)):
        raise _too_deep(field)
    if isinstance(value, dict):
        for key, item in value.items():
            if escaped:
                _check_text(key, field)
            _check(item, depth + 1, key if field is None else field, escaped)
    elif isinstance(value, list):
        for item in value:
            _check(item, depth + 1, field, escaped)
    elif escaped and isinstance(value, str):
        _check_text(value, field)


def _check_text(text, field):
    try:
        text.encode()
    except UnicodeEncodeError:
        detail = "holds an escaped lone surrogate (such as \\ud800), which is not text"
        raise _invalid(field, detail) from None


def _too_deep(field):
    return _invalid(field, f"nests deeper than {MAX_DEPTH} levels, the most MariaDB's JSON functions read")


def _invalid(field, detail):
    if field is None:
        return Problem(400, "invalid_json", f"The request body {detail}.")
    return Problem(422, "invalid_field", f"{field}: {detail}", field=field)


def string_field(body, name, required=True, max_length=None):
    value = body.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise Problem(422, "invalid_field", f"{name}: must be a non-empty string", field=name)
    if max_length and len(value) > max_length:
        raise Problem(422, "invalid_field", f"{name}: must be at most {max_length} characters", field=name)
    return value
