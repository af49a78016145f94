import shutil

import pytest

from api.db import connect_sync
from api.migrate import DB_ROOT, MigrationError, migrate
from tests.conftest import throwaway_database


@pytest.fixture()
def fresh(server_url):
    """A database of its own, for tests that change views."""
    with throwaway_database(server_url, "migrate") as url:
        migrate(url, say=lambda *_: None)
        yield url


@pytest.fixture()
def db_copy(tmp_path):
    root = tmp_path / "db"
    shutil.copytree(DB_ROOT, root)
    return root


def snapshot(url):
    with connect_sync(url) as conn, conn.cursor() as cursor:
        schema = url.database
        cursor.execute(
            "SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS WHERE TABLE_SCHEMA = %s"
            " ORDER BY TABLE_NAME", (schema,))
        views = cursor.fetchall()
        cursor.execute(
            "SELECT ROUTINE_NAME, ROUTINE_DEFINITION, SQL_MODE FROM information_schema.ROUTINES"
            " WHERE ROUTINE_SCHEMA = %s ORDER BY ROUTINE_NAME", (schema,))
        routines = cursor.fetchall()
        cursor.execute(
            "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE FROM information_schema.COLUMNS"
            " WHERE TABLE_SCHEMA = %s ORDER BY TABLE_NAME, ORDINAL_POSITION", (schema,))
        columns = cursor.fetchall()
        cursor.execute("SELECT COUNT(*) AS n FROM _yoyo_migration")
        applied = cursor.fetchone()["n"]
    return views, routines, columns, applied


def columns_of(url, view):
    with connect_sync(url) as conn, conn.cursor() as cursor:
        cursor.execute(f"SELECT * FROM `{view}` LIMIT 0")
        return [d[0] for d in cursor.description]


def test_migrate_twice_changes_nothing(fresh):
    before = snapshot(fresh)
    said = []
    migrate(fresh, say=said.append)
    assert snapshot(fresh) == before
    assert said[0] == "migrations: 0 applied"


def test_routines_are_created_in_strict_mode(fresh):
    _, routines, _, _ = snapshot(fresh)
    assert routines and all("STRICT_ALL_TABLES" in r["SQL_MODE"] for r in routines)


def test_edited_view_file_is_live_after_migrate(fresh, db_copy):
    view = db_copy / "views" / "v_site.sql"
    view.write_text(view.read_text().replace("    s.sort,", "    s.sort,\n    'edited' AS marker,"))
    migrate(fresh, root=db_copy, say=lambda *_: None)
    assert "marker" in columns_of(fresh, "v_site")


def test_failed_view_names_its_file_and_statement_and_restores_the_others(fresh, db_copy):
    (db_copy / "views" / "v_account.sql").write_text(
        (db_copy / "views" / "v_account.sql").read_text().replace("    a.code,", "    a.code,\n    1 AS added,"))
    (db_copy / "views" / "v_site.sql").write_text(
        (db_copy / "views" / "v_site.sql").read_text().replace("s.sort,", "s.no_such_column,"))
    before = snapshot(fresh)
    with pytest.raises(MigrationError) as excinfo:
        migrate(fresh, root=db_copy, say=lambda *_: None)
    message = str(excinfo.value)
    assert "v_site.sql" in message and "no_such_column" in message
    assert "CREATE OR REPLACE VIEW v_site" in message
    assert snapshot(fresh) == before
    assert "added" not in columns_of(fresh, "v_account")


def test_failed_migration_names_its_file_and_statement(fresh, db_copy):
    (db_copy / "migrations" / "0999_break_things.sql").write_text(
        "CREATE TABLE IF NOT EXISTS fine_table (id INT);\n"
        "ALTER TABLE fine_table ADD COLUMN broken NOT_A_TYPE;\n"
    )
    views_before = snapshot(fresh)[0]
    with pytest.raises(MigrationError) as excinfo:
        migrate(fresh, root=db_copy, say=lambda *_: None)
    message = str(excinfo.value)
    assert "0999_break_things.sql" in message
    assert "ALTER TABLE fine_table ADD COLUMN broken NOT_A_TYPE" in message
    assert snapshot(fresh)[0] == views_before


def test_sql_files_need_no_delimiter():
    for path in (DB_ROOT / "views").glob("*.sql"):
        assert "DELIMITER" not in path.read_text().upper(), path
    for path in (DB_ROOT / "procedures").glob("*.sql"):
        assert "DELIMITER" not in path.read_text().upper(), path


def test_migrate_creates_a_missing_database(server_url):
    with throwaway_database(server_url, "create") as url:
        migrate(url, say=lambda *_: None)
        assert "id_random" in columns_of(url, "v_account")
