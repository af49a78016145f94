import re
import secrets
from dataclasses import dataclass, field
from urllib.parse import unquote

import httpx
import pytest

from api import accounts
from api.apikeys import create_api_key
from api.app import create_app
from tests.client import AppClient
from tests.samples import PARENT, Builder

PASSWORD = "correct horse battery"


@pytest.fixture(scope="session")
def app(settings):
    return create_app(settings)


@pytest.fixture(scope="session")
def client(app):
    with AppClient(app) as client:
        yield client


@dataclass
class Tenant:
    account: str
    keys: dict = field(default_factory=dict)
    email: str = ""

    def headers(self, role="admin"):
        return {"x-api-key": self.keys[role]}


def make_tenant(client, db, name="Tenant"):
    """A fresh account with an API key per role and one admin person."""

    async def build():
        account = await accounts.create_account(db, f"{name} {secrets.token_hex(3)}")
        tenant = Tenant(account, email=f"{secrets.token_hex(4)}@{name.lower()}.test")
        for role in ("read", "write", "admin"):
            tenant.keys[role] = (await create_api_key(db, account, role, role))[1]
        user = await accounts.create_user(db, tenant.email, PASSWORD, name)
        await accounts.add_member(db, account, user, "admin")
        return tenant
    return client.run(build)


@pytest.fixture()
def tenant(client, services):
    return make_tenant(client, services.db, "Alpha")


@pytest.fixture()
def other_tenant(client, services):
    return make_tenant(client, services.db, "Beta")


@pytest.fixture()
def services(app):
    return app.state.services


def login(client, email, password=PASSWORD):
    response = client.post("/v3/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


def bearer(token, account=None):
    headers = {"authorization": f"Bearer {token}"}
    if account:
        headers["x-account-id"] = account
    return headers


def assert_problem(response, status, code=None):
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"] and body["type"]
    if code:
        assert body["code"] == code, body
    return body


# What a problem must never show: SQL, a routine's own names (p_type, v_message, o_id), the
# driver, a stack trace.
LEAKS = re.compile(r"SQL|SELECT|CALL |\b[pvo]_[a-z]|v_message|Traceback|pymysql")


def assert_refused(response, *statuses):
    """A 4xx problem+json (one of `statuses` when given) that shows nothing of the inside (what
    it repeats of the request, such as a parameter's name, is no leak)."""
    assert 400 <= response.status_code < 500, f"{response.status_code}: {response.text[:500]}"
    if statuses:
        assert response.status_code in statuses, f"{response.status_code}: {response.text[:500]}"
    assert response.headers["content-type"] == "application/problem+json", response.headers
    problem = response.json()
    assert problem["status"] == response.status_code and problem["title"] and problem["detail"]
    assert problem["type"] == f"urn:aether:problem:{problem['code']}"
    sent = sent_text(response.request)
    leaks = [leak.group() for leak in LEAKS.finditer(response.text) if leak.group() not in sent]
    assert not leaks, f"{leaks} in {response.text[:500]}"
    return problem


def sent_text(request):
    """The request's URL, headers and body as text."""
    try:
        body = request.content.decode("utf-8", "replace")
    except httpx.RequestNotRead:  # streamed
        body = ""
    headers = " ".join(value.decode("latin-1") for _, value in request.headers.raw)
    return f"{unquote(str(request.url))} {headers} {body}"


def crud_url(kind, parent=None, id_random=None):
    """/v3/crud/{type}/[id] or, with parent (a (type, id_random) pair), the nested form."""
    base = f"/v3/crud/{parent[0]}/{parent[1]}/{kind}/" if parent else f"/v3/crud/{kind}/"
    return base + (id_random or "")


def crud_builder(client, tenant, role="write"):
    """A tests.samples.Builder that creates objects over HTTP, nested when they have a parent."""

    def create(kind, parent, data):
        response = client.post(crud_url(kind, (PARENT[kind], parent) if parent else None),
                               json=data, headers=tenant.headers(role))
        assert response.status_code == 201, response.text
        return response.json()
    return Builder(create)
