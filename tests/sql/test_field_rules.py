"""What a refused field's 422 says about its rule, read from the migrated schema (api/rules.py)."""

import pytest

from api import rules
from api.problems import Problem


def test_every_check_on_a_writable_field_is_stated_in_words(registry):
    unstated = [(kind.name, name, clause) for kind in registry.types.values() for name in kind.writable
                if (clause := registry.checks.get((kind.table, name))) and rules.check_words(clause) == "fails its check"]
    assert unstated == []


@pytest.mark.parametrize("kind,field,words", [
    ("event", "sort", "a whole number from -2147483648 to 2147483647, such as 3"),
    ("spirit_event", "importance_score", "a number from 0 to 1"),
    ("event", "start_on", "a date-time in ISO 8601, such as 2026-05-12T09:30:00Z (UTC) or 2026-05-12T11:30:00+02:00"),
    ("event_registration", "status", "one of pending, confirmed, cancelled, checked_in"),
    ("event", "name", "text of at most 200 characters"),
    ("event", "hide", "true or false"),
])
def test_a_field_is_described_by_its_column_and_its_check(registry, kind, field, words):
    kind = registry.types[kind]
    assert rules.expected(kind.views["default"].by_name[field], registry.checks.get((kind.table, field))) == words


def test_an_unknown_field_gets_the_closest_writable_name(registry):
    problem = Problem(422, "invalid_field", "nmae: unknown field for event", field="nmae")
    assert rules.explain(problem, registry.types["event"], registry.checks).detail.endswith("did you mean name?")
