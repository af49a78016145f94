"""Every route the application registers refuses a request without credentials, except the
short public list. A route added later without protection fails here."""

import re

from starlette.routing import Route

from tests.api.conftest import assert_problem

PUBLIC = {("GET", "/health"), ("POST", "/v3/auth/login"), ("POST", "/v3/auth/invitations/accept"),
          ("POST", "/v3/auth/password/reset")}


def registered(app):
    for route in app.routes:
        assert isinstance(route, Route), f"unexpected route kind {route!r}: teach this walk about it"
        for method in sorted(route.methods - {"HEAD"}):
            yield method, route.path


def concrete(path):
    return re.sub(r"\{[^}]+\}", "aaaaaaaaaaa", path)


def test_every_route_but_the_public_list_refuses_anonymous_requests(app, client):
    walked = set()
    for method, path in registered(app):
        walked.add((method, path))
        response = client.request(method, concrete(path), json={})
        if (method, path) in PUBLIC:
            assert response.status_code != 401, (method, path)
        else:
            assert_problem(response, 401)
            assert "WWW-Authenticate" in response.headers, (method, path)
    assert PUBLIC <= walked


def test_unknown_routes_refuse_anonymous_requests_too(client):
    assert_problem(client.get("/v3/nothing/here"), 401)
