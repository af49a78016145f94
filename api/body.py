"""Reading request bodies: a JSON object, or a 400 problem that says what is wrong."""

import json

from api.problems import Problem


async def read_object(request):
    raw = await request.body()
    try:
        data = json.loads(raw) if raw else None
    except (ValueError, UnicodeDecodeError):
        raise Problem(400, "invalid_json", "The request body is not valid JSON.") from None
    if not isinstance(data, dict):
        raise Problem(400, "invalid_json", "The request body must be a JSON object.")
    return data


def string_field(body, name, required=True, max_length=None):
    value = body.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise Problem(422, "invalid_field", f"{name}: must be a non-empty string", field=name)
    if max_length and len(value) > max_length:
        raise Problem(422, "invalid_field", f"{name}: must be at most {max_length} characters", field=name)
    return value
