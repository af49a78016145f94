"""The operator table in api/search.py is the one source: README and the schema endpoint show
every operator with its description, so an undocumented operator fails here."""

from pathlib import Path

from api.search import MAX_BOUND, MAX_CONDITIONS, MAX_DEPTH, MAX_VALUES, OPERATORS

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()


def test_readme_documents_every_operator():
    for op in OPERATORS.values():
        assert f"| `{op.key}` | {op.description} |" in README, op.key


def test_readme_states_the_limits():
    assert f"{MAX_DEPTH} levels of nesting, {MAX_CONDITIONS} conditions, {MAX_VALUES} values in one `in`, {MAX_BOUND}" \
        " values in all" in README


def test_schema_lists_operators_and_searchable_fields_per_view(client, tenant):
    schema = client.get("/v3/crud/site_domain/schema", headers=tenant.headers("read")).json()
    assert schema["search"]["operators"] == {op.key: op.description for op in OPERATORS.values()}
    fields = {field["name"]: field for field in schema["fields"]}
    assert fields["domain"]["searchable"] and fields["domain"]["views"] == ["default", "alt"]
    assert fields["account_name"]["searchable"] and fields["account_name"]["views"] == ["alt"]
    assert not fields["description"]["searchable"]
