import json
import logging

from tests.api.conftest import assert_problem


def test_unknown_route_is_problem_json_404(client, tenant):
    body = assert_problem(client.get("/v3/nothing/here", headers=tenant.headers("read")), 404, "not_found")
    assert body["type"] == "urn:aether:problem:not_found"


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
