"""MariaDB builds each object's JSON (registry.json_object) and the API passes it through: the
bytes are exactly what the API's own encoder makes of the same view row, for every type."""

import pytest

from api.encoding import dumps
from tests.api.conftest import crud_builder, crud_url
from tests.samples import PARENT, TENANT_TYPES

AWKWARD = "Quote \" backslash \\ slash / tab\t newline\n nul-ish \x01 del \x7f accents \u00e9\u00e8 emoji \U0001F389"


def view_row(sql, kind, id_random, registry):
    with sql.cursor() as cursor:
        cursor.execute(f"SELECT * FROM `{registry.types[kind].default.relation}` WHERE id_random = %s", (id_random,))
        return registry.types[kind].public(cursor.fetchone())


@pytest.fixture()
def registry(client):
    return client.app.state.services.registry


@pytest.mark.parametrize("kind", TENANT_TYPES)
def test_an_object_read_is_the_same_bytes_the_api_encoder_makes(client, tenant, sql, registry, kind):
    made = crud_builder(client, tenant).make(kind)
    parent = (PARENT[kind], made[f"{PARENT[kind]}_id_random"]) if kind in PARENT else None
    answer = client.get(crud_url(kind, parent, made["id_random"]), headers=tenant.headers())
    assert answer.content == dumps(view_row(sql, kind, made["id_random"], registry))


def test_awkward_text_numbers_json_and_times_come_out_byte_for_byte(client, tenant, sql, registry):
    spirit = crud_builder(client, tenant).make("spirit", description=AWKWARD,
                                               meta_json={"a": [1, 2.5, None, True], "é": {"nested": "x\ny"}})
    url = f"/v3/crud/spirit/{spirit['id_random']}/spirit_event/"
    for score in (0.5, 1, 0, 0.125):
        event = client.post(url, json={"event_type": "note", "content": AWKWARD, "importance_score": score,
                                       "occurred_on": "2026-05-01T09:00:00.250000+02:00"}, headers=tenant.headers())
        assert event.status_code == 201
        assert event.content == dumps(view_row(sql, "spirit_event", event.json()["id_random"], registry))
    listed = client.get(url, headers=tenant.headers())
    rows = [view_row(sql, "spirit_event", row["id_random"], registry) for row in listed.json()["data"]]
    assert listed.content.startswith(b'{"data":[' + b",".join(dumps(row) for row in rows) + b"],")
    read = client.get(f"/v3/crud/spirit/{spirit['id_random']}", headers=tenant.headers())
    assert read.content == dumps(view_row(sql, "spirit", spirit["id_random"], registry))
    assert read.json()["description"] == AWKWARD
