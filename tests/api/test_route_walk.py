"""Walks every route the application registers: without credentials each refuses except the
short public list; with them each answers the same with or without a trailing slash, and a method
a URL does not take is a 405 whose Allow lists exactly the methods that URL takes. A route added
later without protection, matching one way only or missing from Allow, fails here."""

import re

import pytest
from starlette.routing import Route

from api import accounts, legacy
from api.auth import PERSON, PERSON_OR_PUBLIC
from tests.api.conftest import PASSWORD, assert_problem, bearer, login, member_id, new_email

PUBLIC = {("GET", "/"), ("GET", "/v3"), ("GET", "/health"), ("GET", "/openapi.json"), ("GET", "/docs"),
          ("GET", "/docs/static/{file:str}"), ("POST", "/v3/auth/login"), ("POST", "/v3/auth/invitations/accept"),
          ("POST", "/v3/auth/password/reset")}
PARAMETER = re.compile(r"\{(\w+)(?::\w+)?\}")
NO_ROUTE = "No route matches this URL."
METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
# Types for {type}: every operation; no create; no update; neither create nor delete; soft delete.
KINDS = ("event", "user", "user_invitation", "account", "spirit")


def registered(app):
    for route in app.routes:
        assert isinstance(route, Route), f"unexpected route kind {route!r}: teach this walk about it"
        for method in sorted(route.methods - {"HEAD"}):
            yield method, route.path


def paths(app):
    """Each path of the app's routes once, with the methods of every route of that path and
    whether its routes are for a person (their login token, not an API key)."""
    found = {}
    for route in app.routes:
        methods, _ = found.setdefault(route.path, (set(), []))
        methods.update(route.methods)
        found[route.path] = methods, getattr(route.endpoint, "required_role", None) in (PERSON, PERSON_OR_PUBLIC)
    return found


def credentials(client, tenant):
    """Headers for each kind of route: an admin API key, or for a person's routes their token."""
    token = login(client, tenant.email)
    return lambda for_person: bearer(token) if for_person else tenant.headers()


def both_ways(path):
    return path.rstrip("/"), path.rstrip("/") + "/"


def placeholder(path):
    return re.sub(r"\{[^}]+\}", "aaaaaaaaaaa", path)


PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082")


# Old routes (api/legacy.py): those that answer 307/308 to where they went, and the catch-alls
# under the old prefixes that answer 410 (they take every method, so they have no 405). A redirect
# or a 410 reveals nothing: both answer without credentials.
MOVED = {(method, old) for methods, old, _, _ in legacy.MOVED
         for method in (*methods, "HEAD") if method != "HEAD" or "GET" in methods}
GONE = {legacy.gone_path(prefix) for prefix, _ in legacy.GONE}
LEGACY_PUBLIC = MOVED | {(method, path) for path in GONE for method in legacy.GONE_METHODS}


class Place:
    """Real values for route parameters inside one tenant: `kind` for {type}, an event and one of
    its sessions for {parent}/{pid}/{child}, the country US for lookups, a member for
    /v3/crud/user/{id}, an API key for /v3/auth/api-keys/{id}, an uploaded file for
    /v3/action/file/{id}, a spirit and one of its events for /api/v1/spirits/{id} and
    /api/v1/events/{id}. Objects are made when first
    needed; a new Place makes new ones (for a DELETE, which ends its object)."""

    NAMES = {"parent": "event", "child": "event_session", "lu_type": "country", "group": "US", "hash": "0" * 64,
             "uuid": "0f8fad5b-d9cb-469f-a165-70867728950e", "file": "swagger-ui.css", "rest": "old/path"}

    def __init__(self, client, tenant, kind="event"):
        self.client, self.tenant, self.kind = client, tenant, kind
        self.ids = {}

    def url(self, path):
        segments = path.split("/")
        for i, segment in enumerate(segments):
            match = PARAMETER.fullmatch(segment)
            if match:
                segments[i] = self.value(match.group(1), segments[i - 1])
        return "/".join(segments)

    def value(self, name, before):
        if name == "type":
            return self.kind
        if name in ("pid", "event"):
            return self.id("event")
        if name == "id":  # the id of what the segment before it names
            named = PARAMETER.fullmatch(before)
            return self.id(self.value(named.group(1), None) if named else before)
        return self.NAMES[name]

    def id(self, kind):
        if kind not in self.ids:
            self.ids[kind] = self.make(kind)
        return self.ids[kind]

    def make(self, kind):
        headers = self.tenant.headers()
        if kind == "account":
            return self.tenant.account
        if kind == "user":
            return self.member()
        if kind == "api-keys":
            response = self.client.post("/v3/auth/api-keys", json={"role": "read"}, headers=headers)
        elif kind == "user_invitation":
            response = self.client.post(f"/v3/crud/{kind}/", json={"email": new_email(), "role": "read"},
                                        headers=headers)
        elif kind in ("file", "hosted_file"):  # /v3/action/file/{id}, /v3/action/hosted_file/{id}: uploaded
            response = self.client.post(f"/v3/action/event/{self.id('event')}/upload", headers=headers,
                                        files={"file": ("walk.png", PNG)})
            assert response.status_code == 201, response.text
            return response.json()["hosted_file"]["id_random"]
        elif kind == "job":  # queued, never run: no worker here
            response = self.client.post(f"/v3/action/hosted_file/{self.id('hosted_file')}/convert?background=true",
                                        json={"target": "jpeg"}, headers=headers)
            assert response.status_code == 202, response.text
            return response.json()["id_random"]
        elif kind == "spirits":  # /api/v1/spirits/{id}
            return self.id("spirit")
        elif kind == "events":  # /api/v1/events/{id}: a spirit_event
            response = self.client.post(f"/v3/crud/spirit/{self.id('spirit')}/spirit_event/",
                                        json={"event_type": "message", "content": "walk"}, headers=headers)
        elif kind == "event_session":
            response = self.client.post(f"/v3/crud/event/{self.id('event')}/event_session/",
                                        json={"name": "Session"}, headers=headers)
        else:
            response = self.client.post(f"/v3/crud/{kind}/", json={"name": kind.title()}, headers=headers)
        assert response.status_code == 201, response.text
        return response.json()["id_random"]

    def member(self):
        address = new_email("member")
        db = self.client.app.state.services.db
        self.client.run(accounts.create_user, db, address, PASSWORD, "Member", False, self.tenant.account, "read")
        return member_id(self.client, self.tenant, address)


def answer(response):
    """What a client tells apart in an answer: its status, media type and problem code."""
    media = response.headers.get("content-type")
    code = response.json()["code"] if media == "application/problem+json" and response.content else None
    return response.status_code, media, code


def test_every_route_but_the_public_list_refuses_anonymous_requests(app, client):
    walked = set()
    for method, path in registered(app):
        walked.add((method, path))
        for written in both_ways(path):
            response = client.request(method, placeholder(written), json={})
            if (method, path) in PUBLIC | LEGACY_PUBLIC:
                assert response.status_code != 401, (method, written)
            else:
                assert_problem(response, 401)
                assert "WWW-Authenticate" in response.headers, (method, written)
    assert PUBLIC <= walked


def test_unknown_routes_refuse_anonymous_requests_too(client):
    assert_problem(client.get("/v3/nothing/here"), 401)
    assert_problem(client.get("/v3/nothing/here/"), 401)


def test_every_route_answers_the_same_with_and_without_a_trailing_slash(app, client, tenant):
    shared, headers = Place(client, tenant), credentials(client, tenant)
    for path, (methods, for_person) in paths(app).items():
        for method in sorted(methods):
            answers = []
            for written in both_ways(path):
                place = Place(client, tenant) if method == "DELETE" else shared
                response = client.request(method, place.url(written), json={}, headers=headers(for_person),
                                          follow_redirects=False)
                moved = (method, path) in MOVED
                assert (response.status_code in (307, 308)) == moved, (method, written)  # else nothing redirects
                assert NO_ROUTE not in response.text, (method, written)
                answers.append(answer(response))
            assert answers[0] == answers[1], (method, path, answers)


@pytest.mark.parametrize("kind", KINDS)
def test_a_method_a_url_does_not_take_is_a_405_whose_allow_lists_exactly_the_methods_it_takes(
        app, client, tenant, kind):
    shared, headers = Place(client, tenant, kind), credentials(client, tenant)
    for path, (_, for_person) in paths(app).items():
        if path in GONE:
            continue
        for written in both_ways(path):
            answers = {}
            for method in METHODS:
                place = Place(client, tenant, kind) if method == "DELETE" else shared
                answers[method] = client.request(method, place.url(written), json={}, headers=headers(for_person))
            check_allow(written, answers)


def check_allow(path, answers):
    refused = {method: response for method, response in answers.items() if response.status_code == 405}
    assert refused, path
    allows = {response.headers["allow"] for response in refused.values()}
    assert len(allows) == 1, (path, allows)
    allow = allows.pop()
    listed = set(allow.split(", ")) - {""}
    for method, response in answers.items():
        if method in listed:
            assert response.status_code != 405, (method, path)
        elif method not in refused:
            # Only a URL that names no type for this method's route (GET .../{id}/restore reads as a
            # list of child type "restore") answers something else: a 404.
            assert response.status_code == 404, (method, path)
            if method != "HEAD":
                assert assert_problem(response, 404)["code"] in ("unknown_type", "not_a_child"), (method, path)
    for method, response in refused.items():
        if method != "HEAD":
            problem = assert_problem(response, 405, "method_not_allowed")
            assert problem["detail"].endswith(f"{method} is not allowed here; allowed: {allow or 'none'}."), problem
            assert problem["allowed"] == sorted(listed)
