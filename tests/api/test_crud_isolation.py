"""Two seeded accounts: nothing of one is visible to, changeable by or referable from the other."""

import pytest

from tests.api.conftest import assert_problem, crud_builder, crud_url
from tests.samples import PARENT, REFERENCES, RENAME, SIBLINGS, TENANT_TYPES


@pytest.mark.parametrize("kind", TENANT_TYPES)
def test_another_account_gets_404_and_never_sees_the_object(client, tenant, other_tenant, kind):
    mine = crud_builder(client, tenant).make(kind)
    theirs = other_tenant.headers("admin")
    url = crud_url(kind, None, mine["id_random"])
    field, value = RENAME[kind]
    assert_problem(client.get(url, headers=theirs), 404, "not_found")
    assert_problem(client.patch(url, json={field: value}, headers=theirs), 404, "not_found")
    assert_problem(client.delete(url, headers=theirs), 404, "not_found")
    listed = client.get(crud_url(kind), headers=theirs, params={"limit": 1000}).json()["data"]
    assert mine["id_random"] not in {row["id_random"] for row in listed}
    if kind in PARENT:
        parent = (PARENT[kind], mine[f"{PARENT[kind]}_id_random"])
        assert_problem(client.get(crud_url(kind, parent), headers=theirs), 404, "not_found")
        assert_problem(client.get(crud_url(kind, parent, mine["id_random"]), headers=theirs), 404)
        assert_problem(client.post(crud_url(kind, parent), json={field: value}, headers=theirs), 404)
    assert client.get(url, headers=tenant.headers()).json() == mine


@pytest.mark.parametrize("kind,field,referenced", SIBLINGS)
def test_a_body_cannot_reference_another_accounts_object(client, tenant, other_tenant, kind, field, referenced):
    event = crud_builder(client, tenant).make("event")["id_random"]
    foreign = crud_builder(client, other_tenant).make(referenced)["id_random"]
    before = client.get(crud_url(kind, ("event", event)), headers=tenant.headers()).json()
    response = client.post(crud_url(kind, ("event", event)), json={field: foreign, "name": "x"},
                           headers=tenant.headers())
    assert assert_problem(response, 422, "invalid_field")["field"] == field
    assert client.get(crud_url(kind, ("event", event)), headers=tenant.headers()).json() == before


def test_a_polymorphic_owner_in_another_account_is_refused(client, tenant, other_tenant):
    foreign_person = crud_builder(client, other_tenant).make("person")["id_random"]
    response = client.post("/v3/crud/contact/", headers=tenant.headers(),
                           json={"for_type": "person", "for_id_random": foreign_person, "value": "x@y.z"})
    assert assert_problem(response, 422, "invalid_field")["field"] == "for_id_random"


def test_account_list_is_the_callers_own_account(client, tenant, other_tenant):
    rows = client.get("/v3/crud/account/", headers=tenant.headers()).json()["data"]
    assert [row["id_random"] for row in rows] == [tenant.account]
    assert_problem(client.get(f"/v3/crud/account/{other_tenant.account}", headers=tenant.headers()), 404)


def test_users_are_listed_only_in_accounts_they_belong_to(client, tenant, other_tenant):
    emails = {row["email"] for row in client.get("/v3/crud/user/", headers=tenant.headers()).json()["data"]}
    assert tenant.email in emails and other_tenant.email not in emails


def own_user(client, tenant):
    users = client.get("/v3/crud/user/", headers=tenant.headers()).json()["data"]
    return next(user for user in users if user["email"] == tenant.email)["id_random"]


@pytest.mark.parametrize("kind,field,referenced", REFERENCES)
def test_a_reference_to_another_accounts_object_is_refused(client, tenant, other_tenant, kind, field, referenced):
    if referenced == "user":
        foreign = own_user(client, other_tenant)
    else:
        foreign = crud_builder(client, other_tenant).make(referenced)["id_random"]
    builder = crud_builder(client, tenant)
    mine = builder.make(kind)
    url = crud_url(kind, None, mine["id_random"])
    response = client.patch(url, json={field: foreign}, headers=tenant.headers())
    assert assert_problem(response, 422, "invalid_field")["field"] == field
    assert client.get(url, headers=tenant.headers()).json() == mine
    if referenced == "user":
        own = own_user(client, tenant)
    else:
        own = builder.make(referenced)["id_random"]
    assert client.patch(url, json={field: own}, headers=tenant.headers()).json()[field] == own


def test_another_accounts_admin_cannot_reach_a_member_or_the_account(client, tenant, other_tenant):
    member = own_user(client, tenant)
    theirs = other_tenant.headers()
    assert_problem(client.get(f"/v3/crud/user/{member}", headers=theirs), 404)
    assert_problem(client.patch(f"/v3/crud/user/{member}", json={"role": "read"}, headers=theirs), 404)
    assert_problem(client.delete(f"/v3/crud/user/{member}", headers=theirs), 404)
    assert_problem(client.patch(f"/v3/crud/account/{tenant.account}", json={"name": "Taken"}, headers=theirs), 404)
    assert client.get(f"/v3/crud/user/{member}", headers=tenant.headers()).json()["role"] == "admin"
