"""GET /v3/crud/{type}/schema: the view's columns as MariaDB reports them, merged with the registry."""

import pytest

from tests.api.conftest import assert_problem

from tests.samples import ALL_TYPES, PAIRS, REQUIRED, TENANT_TYPES, UPLOAD_PAIRS, body


def fields(client, tenant, kind):
    schema = client.get(f"/v3/crud/{kind}/schema", headers=tenant.headers("read")).json()
    return schema, {field["name"]: field for field in schema["fields"]}


def test_schema_reports_columns_and_registry_flags(client, tenant):
    schema, by_name = fields(client, tenant, "event_session")
    assert schema["parent"] == {"type": "event", "field": "event_id_random"}
    assert schema["views"] == {"default": "v_event_session", "alt": "v_event_session_alt"}
    assert schema["default_sort"] == ["start_on", "sort", "name"]
    assert by_name["name"] == {
        "name": "name", "type": "varchar", "sql_type": "varchar(200)", "nullable": False, "max_length": 200,
        "default": None, "required_on_create": True, "writable": True, "searchable": True, "sortable": True,
        "references": None, "views": ["default", "alt"],
    }
    assert by_name["event_track_name"]["views"] == ["alt"] and by_name["event_track_name"]["searchable"]
    assert by_name["event_track_id_random"]["references"] == "event_track"
    assert by_name["created_on"]["writable"] is False
    assert by_name["sort"]["default"] == "0"


def test_a_required_reference_is_required_though_the_view_joins_it(client, tenant):
    _, by_name = fields(client, tenant, "event_presenter")
    person = by_name["event_person_id_random"]
    assert (person["nullable"], person["default"], person["required_on_create"]) == (False, None, True)
    assert by_name["event_presentation_id_random"]["nullable"] is True


def test_an_optional_reference_is_nullable_with_no_default(client, tenant):
    _, by_name = fields(client, tenant, "event_session")
    track = by_name["event_track_id_random"]
    assert (track["nullable"], track["default"], track["required_on_create"]) == (True, None, False)
    assert by_name["id_random"]["default"] is None


def test_a_default_null_is_json_null_not_text(client, tenant):
    _, by_name = fields(client, tenant, "event_session")
    assert by_name["description"]["default"] is None and by_name["description"]["nullable"] is True


def test_a_json_column_says_it_is_json(client, tenant):
    _, by_name = fields(client, tenant, "site")
    assert by_name["cfg_json"]["type"] == "json"
    assert by_name["name"]["type"] == "varchar" and by_name["enable"]["type"] == "boolean"


def test_the_parent_reference_is_not_required_on_create(client, tenant):
    _, by_name = fields(client, tenant, "event_session")
    assert by_name["event_id_random"]["required_on_create"] is False
    assert by_name["created_on"]["required_on_create"] is False and by_name["sort"]["required_on_create"] is False


def test_a_child_alias_is_in_the_schema(client, tenant):
    assert fields(client, tenant, "journal_entry")[0]["child_alias"] == "entry"
    assert fields(client, tenant, "event_session")[0]["child_alias"] is None


def test_schema_lists_the_children_of_a_parent(client, tenant):
    schema, _ = fields(client, tenant, "event")
    assert set(schema["children"]) == {child for parent, child in PAIRS + UPLOAD_PAIRS if parent == "event"}


@pytest.mark.parametrize("kind", ALL_TYPES)
def test_schema_never_shows_internal_integer_ids(client, tenant, kind):
    schema, by_name = fields(client, tenant, kind)
    assert "id" not in by_name and "account_id" not in by_name
    assert not [name for name, field in by_name.items() if name.endswith("_id") and "int" in field["sql_type"]]
    assert set(schema["operations"]) == {"insert", "update", "delete"}


def test_every_writable_field_of_the_registry_is_a_column_of_the_view(client, tenant, sql):
    with sql.cursor() as cursor:
        cursor.execute("SELECT name, writable_fields FROM crud_type")
        registry = cursor.fetchall()
    for row in registry:
        _, by_name = fields(client, tenant, row["name"])
        missing = [name for name in row["writable_fields"].split(",") if name and name not in by_name]
        assert not missing, (row["name"], missing)


@pytest.mark.parametrize("kind", TENANT_TYPES)
def test_a_sample_body_carries_every_field_required_on_create(client, tenant, kind):
    _, by_name = fields(client, tenant, kind)
    required = {name for name, field in by_name.items() if field["required_on_create"]}
    assert required <= set(body(kind)) | set(REQUIRED.get(kind, ())), kind


def test_a_create_without_a_field_required_on_create_is_refused(client, tenant):
    response = client.post("/v3/crud/site/", json={"code": "no-name"}, headers=tenant.headers("write"))
    assert assert_problem(response, 422, "invalid_field")["field"] == "name"
    assert fields(client, tenant, "site")[1]["name"]["required_on_create"] is True
