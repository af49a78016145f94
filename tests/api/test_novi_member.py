"""GET /v3/action/idaa/novi_member/{uuid} against a local Novi: every answer Novi can give, the
site settings it reads, and the cache rules with and without Redis."""

import uuid as uuids
from dataclasses import replace

import pytest

from api.app import create_app
from tests.api.conftest import assert_problem, assert_refused
from tests.api.test_serve import free_port
from tests.client import AppClient
from tests.fakes.novi import FakeNovi


@pytest.fixture()
def novi():
    with FakeNovi() as fake:
        yield fake


def site(client, tenant, fake, **extra):
    cfg = {"novi_api_root_url": fake.url, "novi_idaa_api_key": fake.key, "novi_timeout_seconds": 0.5, **extra}
    response = client.post("/v3/crud/site/", json={"name": "Community", "cfg_json": cfg}, headers=tenant.headers())
    assert response.status_code == 201, response.text
    return response.json()["id_random"]


def new_uuid():
    return str(uuids.uuid4())


def ask(client, tenant, uuid, role="read", **headers):
    return client.get(f"/v3/action/idaa/novi_member/{uuid}", headers={**tenant.headers(role), **headers})


def test_a_member_is_verified_with_a_short_name_and_the_email_novi_meant(client, tenant, novi):
    site(client, tenant, novi)
    member = new_uuid()
    novi.member(member, "Grace", "Hopper", "grace hopper@example.test")
    response = ask(client, tenant, member)
    assert (response.status_code, response.json()) == (200, {"verified": True, "full_name": "Grace H.",
                                                             "email": "grace+hopper@example.test"})


def test_the_display_name_falls_back_to_novis_name_field(client, tenant, novi):
    site(client, tenant, novi)
    member = new_uuid()
    novi.member(member, "", "", "org@example.test", Name="Example Org")
    assert ask(client, tenant, member).json()["full_name"] == "Example Org"


@pytest.mark.parametrize("record", [None, {}, {"UniqueID": "x", "FirstName": "", "LastName": "", "Email": ""}])
def test_no_member_or_an_empty_identity_is_a_404_and_never_cached(client, tenant, novi, record):
    site(client, tenant, novi)
    member = new_uuid()
    if record is not None:
        novi.customers[member] = record
    assert_refused(ask(client, tenant, member), 404)
    novi.member(member)  # joined a minute later
    assert ask(client, tenant, member).status_code == 200


def test_a_verified_member_is_cached_and_novi_asked_once(client, tenant, novi):
    site(client, tenant, novi)
    member = new_uuid()
    novi.member(member)
    first, second = ask(client, tenant, member), ask(client, tenant, member)
    assert first.json() == second.json()
    assert novi.calls.count(f"/api/customers/{member}") == 1


def test_novi_rate_limiting_is_a_429_passing_on_retry_after(client, tenant, novi):
    site(client, tenant, novi)
    member = new_uuid()
    novi.fail(f"/api/customers/{member}", 429, {"Retry-After": "17"})
    response = ask(client, tenant, member)
    assert_refused(response, 429)
    assert response.headers["retry-after"] == "17"


@pytest.mark.parametrize("fault", ["500", "503", "slow", "down", "not json", "bad key"])
def test_novi_failing_slow_or_unreachable_is_a_503(client, tenant, novi, fault):
    member = new_uuid()
    novi.member(member)
    path = f"/api/customers/{member}"
    extra = {}
    if fault in ("500", "503"):
        novi.fail(path, int(fault), body={"Message": "oops"})
    elif fault == "slow":
        novi.delay[path] = 1.5
    elif fault == "down":
        extra["novi_api_root_url"] = f"http://127.0.0.1:{free_port()}/api"
    elif fault == "not json":
        novi.fail(path, 200, body=None)
    else:
        extra["novi_idaa_api_key"] = "wrong-key"
    site(client, tenant, novi, **extra)
    response = ask(client, tenant, member)
    problem = assert_problem(response, 503, "novi_unavailable")
    assert novi.key not in response.text and "wrong-key" not in response.text and "Retry-After" in response.headers
    assert problem["detail"]


@pytest.mark.parametrize("bad", ["not-a-uuid", "0f8fad5b-d9cb-469f-a165-70867728950", "' OR 1=1 --"])
def test_a_malformed_uuid_is_a_400_before_novi_is_called(client, tenant, novi, bad):
    site(client, tenant, novi)
    response = client.get(f"/v3/action/idaa/novi_member/{bad}", headers=tenant.headers())
    assert assert_refused(response, 400)["parameter"] == "uuid"
    assert novi.calls == []


def test_an_account_without_novi_settings_is_told_so(client, other_tenant):
    problem = assert_refused(ask(client, other_tenant, new_uuid()), 404)
    assert problem["code"] == "not_configured" and "novi_api_root_url" in problem["detail"]


def test_with_several_novi_sites_x_site_id_picks_one(client, tenant, novi):
    member = new_uuid()
    novi.member(member)
    with FakeNovi() as other:
        first, second = site(client, tenant, novi), site(client, tenant, other)
        assert assert_refused(ask(client, tenant, member), 400)["code"] == "site_required"
        assert ask(client, tenant, member, **{"x-site-id": first}).status_code == 200
        assert_refused(ask(client, tenant, member, **{"x-site-id": second}), 404)  # the other Novi lacks her
        assert_refused(ask(client, tenant, member, **{"x-site-id": "AAAAAAAAAAA"}), 404)


def test_answers_are_not_shared_between_two_accounts_novis(client, tenant, other_tenant, novi):
    member = new_uuid()
    novi.member(member)
    site(client, tenant, novi)
    with FakeNovi() as other:
        site(client, other_tenant, other)
        assert ask(client, tenant, member).status_code == 200
        assert_refused(ask(client, other_tenant, member), 404)


def test_without_redis_the_answers_are_the_same_and_nothing_is_cached(settings, client, tenant, novi):
    site(client, tenant, novi)
    member, missing = new_uuid(), new_uuid()
    novi.member(member)
    closed = replace(settings, redis_url=f"redis://127.0.0.1:{free_port()}/0")
    with AppClient(create_app(closed)) as no_redis:
        assert ask(no_redis, tenant, member).json()["verified"] is True
        assert ask(no_redis, tenant, member).status_code == 200
        assert_refused(ask(no_redis, tenant, missing), 404)
    assert novi.calls.count(f"/api/customers/{member}") == 2
