"""In production the integrations do not call private addresses a tenant's cfg_json names
(this machine, the internal network, cloud metadata) unless AE_OUTBOUND_PRIVATE_HOSTS lists the host."""

import uuid as uuids
from dataclasses import replace

import pytest

from api.app import create_app
from tests.api.conftest import assert_problem
from tests.client import AppClient
from tests.fakes.novi import FakeNovi


@pytest.fixture()
def novi():
    with FakeNovi() as fake:
        yield fake


def production(settings, **changes):
    return replace(settings, env="production", **changes)


def configured_member(client, tenant, novi):
    cfg = {"novi_api_root_url": novi.url, "novi_idaa_api_key": novi.key}
    assert client.post("/v3/crud/site/", json={"name": "Members", "cfg_json": cfg},
                       headers=tenant.headers()).status_code == 201
    member = str(uuids.uuid4())
    novi.member(member)
    return member


@pytest.mark.parametrize("root", ["http://127.0.0.1:{port}/api", "http://169.254.169.254/latest", "http://10.0.0.5/api"])
def test_in_production_a_private_destination_is_refused_before_any_call(settings, client, tenant, novi, root):
    configured_member(client, tenant, novi)
    site = client.get("/v3/crud/site/", headers=tenant.headers()).json()["data"][0]
    cfg = {**site["cfg_json"], "novi_api_root_url": root.format(port=novi.url.split(":")[2].split("/")[0])}
    client.patch(f"/v3/crud/site/{site['id_random']}", json={"cfg_json": cfg}, headers=tenant.headers())
    with AppClient(create_app(production(settings))) as prod:
        response = prod.get(f"/v3/action/idaa/novi_member/{uuids.uuid4()}", headers=tenant.headers())
    problem = assert_problem(response, 503, "novi_unavailable")
    assert "AE_OUTBOUND_PRIVATE_HOSTS" in problem["detail"]
    assert novi.calls == []


def test_a_host_the_operator_lists_is_called(settings, client, tenant, novi):
    member = configured_member(client, tenant, novi)
    with AppClient(create_app(production(settings, outbound_private_hosts="127.0.0.1"))) as prod:
        assert prod.get(f"/v3/action/idaa/novi_member/{member}", headers=tenant.headers()).status_code == 200


def test_development_calls_private_addresses(client, tenant, novi):
    member = configured_member(client, tenant, novi)
    assert client.get(f"/v3/action/idaa/novi_member/{member}", headers=tenant.headers()).status_code == 200
