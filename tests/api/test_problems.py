import json
import logging
import re

import pymysql
import pytest

from api.problems import DB_ERRORS, from_db_error

from tests.api.conftest import assert_problem


def test_unknown_route_is_problem_json_404(client, tenant):
    body = assert_problem(client.get("/v3/nothing/here", headers=tenant.headers("read")), 404, "not_found")
    assert body["type"] == "urn:aether:problem:not_found"


@pytest.mark.parametrize("path", ["/v3/nothing/here/", "/v3/crud/event//", "/health//", "/v3/auth/me/x/"])
def test_unknown_route_with_a_trailing_slash_is_a_404_not_a_redirect(client, tenant, path):
    response = client.get(path, headers=tenant.headers("read"), follow_redirects=False)
    assert_problem(response, 404, "not_found")


def test_wrong_method_is_problem_json_405(client, tenant):
    assert_problem(client.request("PATCH", "/v3/auth/me", headers=tenant.headers("admin")), 405)


def test_request_id_is_echoed_or_generated(client):
    given = client.get("/health", headers={"x-request-id": "abc-123"})
    assert given.headers["x-request-id"] == "abc-123"
    generated = client.get("/health", headers={"x-request-id": "bad id with spaces"})
    assert generated.headers["x-request-id"] != "bad id with spaces" and len(generated.headers["x-request-id"]) == 32


def test_one_structured_log_line_per_request(client, tenant, caplog):
    with caplog.at_level(logging.INFO, logger="aether.request"):
        client.get("/v3/auth/api-keys", headers={**tenant.headers("admin"), "x-request-id": "log-me-1"})
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "aether.request"]
    line = [entry for entry in lines if entry["request_id"] == "log-me-1"]
    assert len(line) == 1
    assert line[0]["method"] == "GET" and line[0]["route"] == "/v3/auth/api-keys" and line[0]["status"] == 200
    assert isinstance(line[0]["ms"], float)


def test_unexpected_error_is_problem_json_500_without_internals(app, client, tenant, monkeypatch):
    async def broken(*args, **kwargs):
        raise RuntimeError("secret internals: SELECT * FROM api_key")
    monkeypatch.setattr(app.state.services.db, "fetch_all", broken)
    response = client.get("/v3/auth/api-keys", headers=tenant.headers("admin"))
    body = assert_problem(response, 500, "internal")
    assert "SELECT" not in response.text and "secret" not in response.text
    assert body["detail"] == "The server could not complete this request."


def test_every_database_error_the_api_answers_is_declared():
    assert sorted(DB_ERRORS) == [1048, 1062, 1153, 1205, 1213, 1264, 1265, 1267, 1270, 1271, 1292, 1364, 1366, 1367,
                                 1406, 1451, 1452, 1467, 1690, 1969, 3140, 4025, 4038]
    assert all(error.status < 500 or error.headers for error in DB_ERRORS.values())


def test_an_undeclared_database_error_is_logged_with_its_number_and_answered_without_details(caplog):
    with caplog.at_level(logging.ERROR, logger="aether.problems"):
        problem = from_db_error(pymysql.err.OperationalError(1146, "Table 'aether.secret_table' doesn't exist"))
    assert (problem.status, problem.code, problem.detail) == (500, "internal", "The server could not complete this request.")
    assert "1146" in caplog.text


@pytest.mark.parametrize("errno,message", [
    (1406, "Data too long for column 'v_message' at row 1"),
    (1406, "Data too long for column 'p_id_random' at row 0"),
    (1366, "Incorrect string value: '\\xC3\\xA9' for column ``.``.`p_type` at row 0"),
    (31422, "p_type: is too long"),
])
def test_a_problem_never_names_a_routine_variable(errno, message):
    problem = from_db_error(pymysql.err.OperationalError(errno, message))
    assert problem.status == 422 and "field" not in problem.extra
    assert not re.search(r"\b[pvo]_[a-z]", problem.detail), problem.detail


def test_a_column_named_in_a_message_is_the_field():
    problem = from_db_error(pymysql.err.DataError(1292, "Incorrect datetime value: '0000' for column ``.`(temporary)`.`start_on` at row 1"))
    assert (problem.extra["field"], problem.detail) == ("start_on", "start_on has a value of the wrong type")
