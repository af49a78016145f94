"""Joining an account takes the person's consent: an admin invites an email, the token goes to
that mailbox only, and the person accepts (logged in when they exist already). Until then the
account sees the invitation, never the person."""

import asyncio
import dataclasses
import email
import email.policy
import json
import logging
import re
import socket
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from httpx import ASGITransport, AsyncClient

from api.app import create_app
from tests.api.conftest import (
    PASSWORD, assert_problem, bearer, invite, login, mailed_token, mails_to, member_id, new_email, token_in,
)
from tests.client import AppClient

INVITATION_FIELDS = {"id_random", "account_id_random", "email", "role", "name", "expires_on", "created_on",
                     "updated_on"}


def count(sql, statement, *args):
    with sql.cursor() as cursor:
        cursor.execute(statement, args)
        return next(iter(cursor.fetchone().values()))


def people_counts(sql):
    return {table: count(sql, f"SELECT COUNT(*) FROM {table}")
            for table in ("user", "account_user", "user_invitation", "user_password_reset")}


def test_a_new_person_is_invited_accepts_with_a_password_and_is_logged_in(client, tenant, settings, sql):
    address = new_email("new")
    users_before = count(sql, "SELECT COUNT(*) FROM user")
    response = client.post("/v3/crud/user_invitation/", headers=tenant.headers(),
                           json={"email": address.upper(), "role": "write", "name": "Ada"})
    assert response.status_code == 201, response.text
    invitation = response.json()
    assert set(invitation) == INVITATION_FIELDS
    assert (invitation["email"], invitation["role"], invitation["name"]) == (address, "write", "Ada")
    assert response.headers["location"] == f"/v3/crud/user_invitation/{invitation['id_random']}"
    token = mailed_token(settings, address)
    assert token not in response.text
    assert count(sql, "SELECT COUNT(*) FROM user") == users_before
    listed = client.get("/v3/crud/user_invitation/", headers=tenant.headers()).json()["data"]
    assert invitation in listed and token not in str(listed)
    assert member_id(client, tenant, address) is None

    joined = client.post("/v3/auth/invitations/accept", json={"token": token, "password": "a new password"})
    assert joined.status_code == 200, joined.text
    body = joined.json()
    assert (body["account_id_random"], body["role"], body["token_type"]) == (tenant.account, "write", "Bearer")
    me = client.get("/v3/auth/me", headers=bearer(body["access_token"])).json()
    assert (me["account_id_random"], me["role"], me["principal_id_random"]) == (tenant.account, "write",
                                                                                 body["user_id_random"])
    assert login(client, address, "a new password")
    assert member_id(client, tenant, address) == body["user_id_random"]
    assert client.get("/v3/crud/user_invitation/", headers=tenant.headers()).json()["data"] == [
        row for row in listed if row["id_random"] != invitation["id_random"]]
    assert_problem(client.post("/v3/auth/invitations/accept", json={"token": token, "password": "a new password"}),
                   422, "invalid_field")


def test_an_existing_person_of_another_tenant_must_consent(client, tenant, other_tenant, settings, services):
    person = other_tenant.email
    token_of_person = login(client, person)
    invitation = invite(client, tenant, person, "admin", name="Someone else's choice")
    # Before acceptance: the account sees the invitation only, and the person's access is as it was.
    assert member_id(client, tenant, person) is None
    assert set(invitation) == INVITATION_FIELDS
    assert "last_login_on" not in invitation and invitation["name"] == "Someone else's choice"
    assert client.get("/v3/auth/me", headers=bearer(token_of_person)).json()["account_id_random"] == (
        other_tenant.account)
    token = mailed_token(settings, person)
    # Without their login, or logged in as someone else, nobody can accept for them.
    refused = assert_problem(client.post("/v3/auth/invitations/accept", json={"token": token, "password": "x" * 12}),
                             401, "login_required")
    assert "log in" in refused["detail"] and "WWW-Authenticate" in client.post(
        "/v3/auth/invitations/accept", json={"token": token}).headers
    someone_else = login(client, tenant.email)
    assert_problem(client.post("/v3/auth/invitations/accept", json={"token": token},
                               headers=bearer(someone_else)), 403)
    assert_problem(client.post("/v3/auth/invitations/accept", json={"token": token},
                               headers=tenant.headers()), 403, "person_required")
    assert member_id(client, tenant, person) is None
    # Their own login accepts.
    joined = client.post("/v3/auth/invitations/accept", json={"token": token}, headers=bearer(token_of_person))
    assert joined.status_code == 200, joined.text
    assert joined.json()["account_id_random"] == tenant.account and "access_token" not in joined.json()
    member = member_id(client, tenant, person)
    profile = client.get(f"/v3/crud/user/{member}", headers=tenant.headers()).json()
    assert (profile["role"], profile["name"]) == ("admin", "Beta")
    assert_problem(client.get("/v3/auth/me", headers=bearer(token_of_person)), 403, "account_required")


def test_a_logged_in_person_sends_neither_password_nor_name(client, tenant, other_tenant, settings):
    person = other_tenant.email
    invite(client, tenant, person)
    token = mailed_token(settings, person)
    for extra in ({"password": "another password"}, {"name": "Renamed"}):
        response = client.post("/v3/auth/invitations/accept", json={"token": token, **extra},
                               headers=bearer(login(client, person)))
        assert assert_problem(response, 422, "invalid_field")["field"] in extra
    assert member_id(client, tenant, person) is None


def test_a_new_persons_password_needs_8_characters_and_no_common_one_and_the_invitation_stays(client, tenant,
                                                                                              settings):
    address = new_email()
    invite(client, tenant, address)
    token = mailed_token(settings, address)
    for body in ({"token": token}, {"token": token, "password": "short"}, {"token": token, "password": "Football1"}):
        assert assert_problem(client.post("/v3/auth/invitations/accept", json=body), 422,
                              "invalid_field")["field"] == "password"
    accepted = client.post("/v3/auth/invitations/accept", json={"token": token, "password": "long enough"})
    assert accepted.status_code == 200


def test_inviting_again_reissues_the_invitation_with_a_new_token(client, tenant, settings):
    address = new_email()
    first = invite(client, tenant, address, "read")
    old = mailed_token(settings, address)
    second = invite(client, tenant, address, "write")
    new = mailed_token(settings, address)
    assert second["id_random"] == first["id_random"] and second["role"] == "write" and new != old
    assert len(mails_to(settings, address)) == 2
    assert_problem(client.post("/v3/auth/invitations/accept", json={"token": old, "password": PASSWORD}), 422)
    joined = client.post("/v3/auth/invitations/accept", json={"token": new, "password": PASSWORD}).json()
    assert joined["role"] == "write"


def test_inviting_a_member_is_a_409_naming_the_member(client, tenant, sql):
    member = member_id(client, tenant, tenant.email)
    before = people_counts(sql)
    response = client.post("/v3/crud/user_invitation/", json={"email": tenant.email.upper()}, headers=tenant.headers())
    body = assert_problem(response, 409, "conflict")
    assert (body["field"], body["existing_id_random"]) == ("email", member)
    assert people_counts(sql) == before


@pytest.mark.parametrize("body,field", [
    ({"email": "new@people.test", "role": "owner"}, "role"),
    ({"email": "not an email"}, "email"),
    ({"email": "new@people.test", "name": "n" * 201}, "name"),
    ({"email": "new@people.test", "password": "chosen by the admin"}, "password"),
])
def test_a_refused_invitation_leaves_nothing(client, tenant, settings, sql, body, field):
    before = people_counts(sql)
    response = client.post("/v3/crud/user_invitation/", json=body, headers=tenant.headers())
    assert assert_problem(response, 422, "invalid_field")["field"] == field
    assert people_counts(sql) == before
    assert not mails_to(settings, "new@people.test")


def test_a_used_revoked_or_unknown_token_is_one_and_the_same_problem(client, tenant, settings):
    used, revoked = new_email(), new_email()
    invite(client, tenant, used)
    used_token = mailed_token(settings, used)
    client.post("/v3/auth/invitations/accept", json={"token": used_token, "password": PASSWORD})
    invitation = invite(client, tenant, revoked)
    revoked_token = mailed_token(settings, revoked)
    response = client.delete(f"/v3/crud/user_invitation/{invitation['id_random']}", headers=tenant.headers())
    assert response.status_code == 204
    problems = [
        assert_problem(client.post("/v3/auth/invitations/accept", json={"token": token, "password": PASSWORD}), 422)
        for token in (used_token, revoked_token, "A" * 43, "not a token")
    ]
    assert len({(p["code"], p["field"], p["detail"]) for p in problems}) == 1


def test_members_are_only_ever_invited_not_created(client, tenant, sql):
    before = people_counts(sql)
    response = client.post("/v3/crud/user/", json={"email": new_email(), "role": "read"}, headers=tenant.headers())
    body = assert_problem(response, 405, "method_not_allowed")
    assert response.headers["allow"] == "GET, HEAD" and "POST /v3/crud/user_invitation/" in body["detail"]
    assert people_counts(sql) == before
    schema = client.get("/v3/crud/user/schema", headers=tenant.headers("read")).json()
    assert schema["operations"] == {"insert": False, "update": True, "delete": True}


def test_invitations_cannot_be_changed_only_revoked(client, tenant):
    invitation = invite(client, tenant, new_email())
    url = f"/v3/crud/user_invitation/{invitation['id_random']}"
    response = client.patch(url, json={"role": "admin"}, headers=tenant.headers())
    assert_problem(response, 405)
    assert response.headers["allow"] == "DELETE, GET, HEAD"
    assert client.get(url, headers=tenant.headers()).json() == invitation


def test_invitation_lists_need_the_admin_role(client, tenant):
    invitation = invite(client, tenant, new_email())["id_random"]
    for role in ("read", "write"):
        headers = tenant.headers(role)
        for response in (client.get("/v3/crud/user_invitation/", headers=headers),
                         client.post("/v3/crud/user_invitation/search", json={}, headers=headers),
                         client.get(f"/v3/crud/user_invitation/{invitation}", headers=headers)):
            assert assert_problem(response, 403, "role_required")["required_role"] == "admin"
    schema = client.get("/v3/crud/user_invitation/schema", headers=tenant.headers("read")).json()
    assert (schema["read_role"], schema["write_role"]) == ("admin", "admin")


def test_another_account_never_sees_an_invitation(client, tenant, other_tenant):
    invitation = invite(client, tenant, new_email())
    url = f"/v3/crud/user_invitation/{invitation['id_random']}"
    assert_problem(client.get(url, headers=other_tenant.headers()), 404)
    assert_problem(client.delete(url, headers=other_tenant.headers()), 404)
    listed = client.get("/v3/crud/user_invitation/", headers=other_tenant.headers()).json()["data"]
    assert invitation["id_random"] not in {row["id_random"] for row in listed}


def test_a_development_mail_is_one_eml_file_named_in_one_log_line(client, tenant, settings, caplog):
    renamed = client.patch(f"/v3/crud/account/{tenant.account}", json={"name": "Société 日本語 Alpha"},
                           headers=tenant.headers())
    assert renamed.status_code == 200
    address = new_email()
    with caplog.at_level(logging.INFO, logger="aether.mail"):
        invite(client, tenant, address)
    lines = [record.getMessage() for record in caplog.records if record.name == "aether.mail"]
    assert len(lines) == 1 and settings.mail_dir in lines[0] and address not in lines[0]
    path = json.loads(lines[0])["mail"]
    message = email.message_from_bytes(Path(path).read_bytes(), policy=email.policy.default)
    assert message["To"] == address and message["From"] == settings.mail_from
    assert message["Subject"] == "Invitation to Société 日本語 Alpha"
    assert f"{settings.public_url}/v3/auth/invitations/accept" in message.get_content()
    # The raw file keeps the token line plain, so `grep '^Token: '` finds it (README).
    assert re.search(rb"^Token: [A-Za-z0-9_-]{43}$", Path(path).read_bytes(), re.M)


# --- mail through real SMTP, failing SMTP, and no mail at all --------------------------------

class Inbox:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 OK"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture()
def app_with(settings):
    """A second app on the same database, with other mail settings."""
    opened = []

    def build(**changes):
        client = AppClient(create_app(dataclasses.replace(settings, **changes)))
        opened.append(client)
        return client
    yield build
    for client in opened:
        client.close()


def test_an_invitation_travels_through_a_real_smtp_server(app_with, client, tenant):
    inbox = Inbox()
    port = free_port()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    try:
        smtp_client = app_with(smtp_url=f"smtp://127.0.0.1:{port}", mail_from="invites@aether.test")
        address = new_email("smtp")
        response = smtp_client.post("/v3/crud/user_invitation/", json={"email": address}, headers=tenant.headers())
        assert response.status_code == 201, response.text
    finally:
        server.stop()
    [envelope] = [e for e in inbox.envelopes if address in e.rcpt_tos]
    assert envelope.mail_from == "invites@aether.test"
    token = token_in(email.message_from_bytes(envelope.content, policy=email.policy.default))
    assert token not in response.text
    joined = client.post("/v3/auth/invitations/accept", json={"token": token, "password": PASSWORD})
    assert joined.status_code == 200 and joined.json()["account_id_random"] == tenant.account


def test_smtp_failing_after_the_invitation_was_saved_is_a_503_saying_so(app_with, tenant):
    failing = app_with(smtp_url=f"smtp://127.0.0.1:{free_port()}")
    address = new_email()
    response = failing.post("/v3/crud/user_invitation/", json={"email": address}, headers=tenant.headers())
    body = assert_problem(response, 503, "mail_failed")
    assert "saved" in body["detail"] and "again" in body["detail"]
    listed = failing.get("/v3/crud/user_invitation/", headers=tenant.headers()).json()["data"]
    assert address in {row["email"] for row in listed}


def test_production_without_smtp_refuses_to_invite_or_reset_and_saves_nothing(app_with, tenant, sql):
    production = app_with(env="production")
    before = people_counts(sql)
    response = production.post("/v3/crud/user_invitation/", json={"email": new_email()}, headers=tenant.headers())
    assert_problem(response, 503, "mail_unavailable")
    member = member_id(production, tenant, tenant.email)
    assert_problem(production.post(f"/v3/crud/user/{member}/password-reset", headers=tenant.headers()), 503,
                   "mail_unavailable")
    assert people_counts(sql) == before


def test_two_accepts_at_once_make_one_membership(client, tenant, settings):
    address = new_email()
    invite(client, tenant, address)
    token = mailed_token(settings, address)

    async def both():
        async with AsyncClient(transport=ASGITransport(app=client.app), base_url="http://testserver") as http:
            body = {"token": token, "password": PASSWORD}
            return await asyncio.gather(*(http.post("/v3/auth/invitations/accept", json=body) for _ in range(4)))
    statuses = sorted(response.status_code for response in client.run(both))
    assert statuses == [200, 422, 422, 422]
    assert member_id(client, tenant, address)
