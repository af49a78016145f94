import email
import email.policy
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import httpx
import pytest

from api import accounts
from api.apikeys import create_api_key
from api.app import create_app
from tests.client import AppClient
from tests.samples import PARENT, Builder

PASSWORD = "correct horse battery"
TOKEN_LINE = re.compile(r"^Token: ([A-Za-z0-9_-]{43})\r?$", re.M)


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


def mails_to(settings, address):
    """The mails written to the session's mail directory for `address`, oldest first."""
    found = []
    for path in sorted(Path(settings.mail_dir).glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if message["To"] == address:
            found.append(message)
    return found


def token_in(message):
    match = TOKEN_LINE.search(message.get_content())
    assert match, message.get_content()
    return match.group(1)


def mailed_token(settings, address):
    """The token of the last mail to `address` (what the person reads in their mailbox)."""
    messages = mails_to(settings, address)
    assert messages, f"no mail to {address}"
    return token_in(messages[-1])


def new_email(label="person"):
    return f"{label}-{secrets.token_hex(5)}@people.test"


def invite(client, tenant, address, role="read", **fields):
    response = client.post("/v3/crud/user_invitation/", json={"email": address, "role": role, **fields},
                           headers=tenant.headers())
    assert response.status_code == 201, response.text
    return response.json()


def member_id(client, tenant, address):
    users = client.get("/v3/crud/user/", headers=tenant.headers(), params={"limit": 1000}).json()["data"]
    return next((user["id_random"] for user in users if user["email"] == address), None)
