"""ID Vision: no response body ever carries an integer id. Every response a test client
receives passes through `assert_no_integer_ids`, so the whole suite checks it."""

import json


def integer_ids(value, path=""):
    """Paths of every key `id` or `*_id` that holds an integer, at any depth."""
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            here = f"{path}/{key}"
            if (key == "id" or key.endswith("_id")) and isinstance(item, int) and not isinstance(item, bool):
                found.append(here)
            found += integer_ids(item, here)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += integer_ids(item, f"{path}/{index}")
    return found


def assert_no_integer_ids(response):
    if "json" not in response.headers.get("content-type", ""):
        return
    try:
        body = json.loads(response.content)
    except ValueError:
        return
    leaks = integer_ids(body)
    assert not leaks, f"{response.request.method} {response.request.url} leaks integer ids at {leaks}"
