"""The old system's URLs (api/legacy.py): every row of the MOVED table redirects as it says, with
Deprecation, Sunset and Link, and logs one warning naming the path and the caller's key; other
URLs under the old prefixes are a 410 problem naming the V3 way; README's table is the data."""

import logging
import re
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest

from api import legacy
from tests.api.conftest import assert_problem

README = Path(__file__).parents[2] / "README.md"
TABLE = re.compile(r"<!-- legacy-routes:begin -->\n(.*?)\n<!-- legacy-routes:end -->", re.S)
PARAMETER = re.compile(r"\{(\w+):\w+\}")
VALUES = {"type": "event", "parent": "event", "child": "event_session", "id": "Aaaaaaaaaa1", "pid": "Bbbbbbbbbb2"}
ROWS = [(method, old, new) for methods, old, new, _ in legacy.MOVED for method in (*methods, "HEAD")
        if method != "HEAD" or "GET" in methods]


def concrete(pattern):
    return PARAMETER.sub(lambda match: VALUES[match.group(1)], pattern)


def key_id(client, tenant, role):
    keys = client.get("/v3/auth/api-keys", headers=tenant.headers("admin")).json()["data"]
    return next(key["id_random"] for key in keys if key["name"] == role)


def warnings(caplog):
    return [record.getMessage() for record in caplog.records
            if record.name == "aether.legacy" and record.levelno == logging.WARNING]


@pytest.mark.parametrize(("method", "old", "new"), ROWS, ids=[f"{m} {o}" for m, o, _ in ROWS])
def test_each_table_row_redirects_as_the_table_says(client, method, old, new):
    response = client.request(method, concrete(old) + "?view=default", follow_redirects=False)
    target = new.format(**VALUES) + "?view=default"
    assert response.status_code == (307 if method in ("GET", "HEAD") else 308)
    assert response.headers["location"] == target
    assert response.headers["link"] == f'<{target}>; rel="successor-version"'
    assert response.headers["deprecation"] == f"@{legacy.DEPRECATED_AT}"
    assert parsedate_to_datetime(response.headers["sunset"]).timestamp() == legacy.SUNSET_AT > legacy.DEPRECATED_AT


def test_a_redirect_logs_one_warning_with_the_path_and_the_callers_key_id(client, tenant, caplog):
    path = concrete("/crud/{type:name}/{id:id}")
    with caplog.at_level(logging.WARNING, logger="aether.legacy"):
        client.get(path, headers=tenant.headers("read"), follow_redirects=False)
    [line] = warnings(caplog)
    assert "DEPRECATED ROUTE ACCESSED" in line and path in line
    assert line.endswith(f"by {key_id(client, tenant, 'read')}")


def test_an_anonymous_redirect_logs_anonymous(client, caplog):
    with caplog.at_level(logging.WARNING, logger="aether.legacy"):
        response = client.post("/v2/crud/event/search", json={}, follow_redirects=False)
    assert response.status_code == 308
    [line] = warnings(caplog)
    assert "DEPRECATED ROUTE ACCESSED: POST /v2/crud/event/search" in line and line.endswith("by anonymous")


def test_an_invalid_key_is_logged_as_anonymous_and_still_redirected(client, caplog):
    with caplog.at_level(logging.WARNING, logger="aether.legacy"):
        response = client.get("/crud/event", headers={"x-api-key": "not-a-key"}, follow_redirects=False)
    assert response.status_code == 307
    assert warnings(caplog)[0].endswith("by anonymous")


def test_a_followed_redirect_reaches_the_v3_route(client, tenant):
    created = client.post("/crud/event", json={"name": "Old client"}, headers=tenant.headers("write"),
                          follow_redirects=True)
    assert created.status_code == 201, created.text
    assert created.headers["location"].startswith("/v3/crud/event/")


@pytest.mark.parametrize("path", ["/api/events/list", "/crud/", "/v2/crud/event/schema/extra/more", "/api/v1/memories"])
def test_an_unmapped_old_path_is_a_410_problem_naming_the_v3_way(client, tenant, path, caplog):
    with caplog.at_level(logging.WARNING, logger="aether.legacy"):
        response = client.get(path, headers=tenant.headers("read"))
    problem = assert_problem(response, 410, "gone")
    assert "/v3/crud/" in problem["detail"] and problem["instead"] in problem["detail"]
    assert response.headers["deprecation"] == legacy.DEPRECATION
    [line] = warnings(caplog)
    assert path in line and line.endswith(f"by {key_id(client, tenant, 'read')}")


def test_a_method_a_mapped_old_url_does_not_take_is_a_405_not_a_410(client):
    response = client.put(concrete("/crud/{type:name}/{id:id}"), json={})
    problem = assert_problem(response, 405, "method_not_allowed")
    assert problem["allowed"] == ["DELETE", "GET", "HEAD", "PATCH"]


def test_the_readme_table_is_the_mapping_data():
    found = TABLE.search(README.read_text())
    assert found, "README has no legacy-routes table"
    assert found.group(1) == legacy.readme_table()
