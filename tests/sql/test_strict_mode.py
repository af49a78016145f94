import pymysql
import pytest


def test_connection_runs_in_strict_mode_and_utc(query):
    row = query("SELECT @@SESSION.sql_mode AS mode, @@SESSION.time_zone AS tz")[0]
    assert "STRICT_ALL_TABLES" in row["mode"] and "STRICT_TRANS_TABLES" in row["mode"]
    assert row["tz"] == "+00:00"


def test_too_long_string_is_rejected_not_truncated(query):
    with pytest.raises(pymysql.err.DataError) as excinfo:
        query("INSERT INTO account (name, code) VALUES ('Long', %s)", "x" * 51)
    assert excinfo.value.args[0] == 1406
    assert query("SELECT COUNT(*) AS n FROM account WHERE name = 'Long'")[0]["n"] == 0


def test_procedures_were_created_strict(call, query):
    with pytest.raises(pymysql.err.DataError):
        call("account_create", "Strict Proc", "y" * 51)
    assert query("SELECT COUNT(*) AS n FROM account WHERE name = 'Strict Proc'")[0]["n"] == 0


def test_missing_required_value_is_rejected(query):
    with pytest.raises(pymysql.err.OperationalError) as excinfo:
        query("INSERT INTO site (name) VALUES ('no account')")
    assert excinfo.value.args[0] == 1364
