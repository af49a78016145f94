"""`aether migrate`: yoyo applies db/migrations, then every view, function, procedure and
trigger is re-created from db/views and db/procedures, then the per-type write procedures are
generated from the registry (api/write_procedures.py).

Each file in db/views and db/procedures holds one `CREATE OR REPLACE ...` statement, sent to
the server whole (no DELIMITER needed). If any of them fails, every object touched in this run
is put back as it was, so the database never holds a half-applied set of views.
"""

import logging
import re
from contextlib import contextmanager
from pathlib import Path

import pymysql
from yoyo import get_backend, read_migrations

from api import write_procedures
from api.db import DbUrl, connect_sync
from api.registry import Registry

DB_ROOT = Path(__file__).resolve().parent.parent / "db"
OBJECT = re.compile(
    r"^\s*CREATE\s+OR\s+REPLACE\s+(?:DEFINER\s*=\s*\S+\s+)?(?:ALGORITHM\s*=\s*\w+\s+)?"
    r"(?:SQL\s+SECURITY\s+\w+\s+)?(VIEW|PROCEDURE|FUNCTION|TRIGGER)\s+`?(\w+)`?",
    re.I | re.M,
)
MISSING_DEPENDENCY = {1146, 1356}
DATABASE_NAME = re.compile(r"^\w+$")


class MigrationError(Exception):
    pass


class SqlObject:
    def __init__(self, path):
        self.path = Path(path)
        text = self.path.read_text()
        match = OBJECT.search(text)
        if not match:
            raise MigrationError(f"{self.path}: expected one CREATE OR REPLACE VIEW|PROCEDURE|FUNCTION|TRIGGER")
        self.kind = match.group(1).upper()
        self.name = match.group(2)
        self.sql = text[match.start():].rstrip().rstrip(";")

    def __repr__(self):
        return f"{self.kind.lower()} {self.name} ({self.path.name})"


def migrate(db_url, root=DB_ROOT, extra_migrations=(), say=print):
    url = DbUrl.parse(db_url) if isinstance(db_url, str) else db_url
    ensure_database(url)
    applied = apply_migrations(url, [Path(root) / "migrations", *map(Path, extra_migrations)])
    say(f"migrations: {len(applied)} applied" + (f" ({', '.join(applied)})" if applied else ""))
    objects = load_objects(Path(root))
    with connect_sync(url) as conn:
        apply_objects(conn, objects)
        generated = apply_generated(conn)
    say(f"views and routines: {len(objects)} re-created, {generated} write procedures generated")


def ensure_database(url):
    if not DATABASE_NAME.match(url.database):
        raise MigrationError(f"database name {url.database!r} must be letters, digits and underscores")
    with connect_sync(url, database=False) as conn, conn.cursor() as cursor:
        cursor.execute(
            f"CREATE DATABASE IF NOT EXISTS `{url.database}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
        )


def apply_migrations(url, folders):
    backend = get_backend(url.for_yoyo())
    migrations = read_migrations(*[str(folder) for folder in folders if folder.is_dir()])
    applied = []
    with backend.lock():
        for migration in backend.to_apply(migrations):
            with last_statement() as statement:
                try:
                    backend.apply_one(migration)
                except Exception as exc:
                    raise MigrationError(
                        f"{migration.path}: {_error_text(exc)}\n  in statement: {_shorten(statement.text)}"
                    ) from exc
            applied.append(migration.id)
    return applied


def load_objects(root):
    routines = sorted((root / "procedures").glob("*.sql"))
    views = sorted((root / "views").glob("*.sql"))
    return [SqlObject(path) for path in routines + views]


def apply_objects(conn, objects):
    """Creates routines first (they are not checked against tables), then views in
    dependency order, by retrying those whose dependencies are not there yet."""
    saved = {obj.name: save_definition(conn, obj) for obj in objects}
    try:
        pending = list(objects)
        while pending:
            failed = []
            for obj in pending:
                try:
                    _execute(conn, obj.sql)
                except pymysql.err.MySQLError as exc:
                    if exc.args[0] not in MISSING_DEPENDENCY:
                        raise MigrationError(f"{obj.path}: {_error_text(exc)}\n  in statement: {_shorten(obj.sql)}") from exc
                    failed.append((obj, exc))
            if len(failed) == len(pending):
                obj, exc = failed[0]
                raise MigrationError(f"{obj.path}: {_error_text(exc)}\n  in statement: {_shorten(obj.sql)}") from exc
            pending = [obj for obj, _ in failed]
        check_views(conn, [obj for obj in objects if obj.kind == "VIEW"])
    except Exception:
        restore(conn, objects, saved)
        raise


def apply_generated(conn):
    """Creates insert__<type> and update__<type> for every type that uses the generic writes."""
    procedures = write_procedures.generated(Registry.read(conn), write_procedures.Schema.read(conn))
    for name, sql in procedures:
        try:
            _execute(conn, sql)
        except pymysql.err.MySQLError as exc:
            raise MigrationError(f"generated procedure {name}: {_error_text(exc)}\n  in statement: {_shorten(sql)}") from exc
    return len(procedures)


def check_views(conn, views):
    for view in views:
        try:
            _execute(conn, f"SELECT * FROM `{view.name}` LIMIT 0")
        except pymysql.err.MySQLError as exc:
            raise MigrationError(f"{view.path}: view no longer valid after this migrate: {_error_text(exc)}") from exc


def save_definition(conn, obj):
    """The object's current CREATE statement and sql_mode, or None when it does not exist."""
    column = {"VIEW": "Create View", "PROCEDURE": "Create Procedure", "FUNCTION": "Create Function",
              "TRIGGER": "SQL Original Statement"}[obj.kind]
    try:
        with conn.cursor() as cursor:
            cursor.execute(f"SHOW CREATE {obj.kind} `{obj.name}`")
            row = cursor.fetchone()
    except pymysql.err.MySQLError:
        return None
    if obj.kind == "VIEW" and row.get("View") is None:
        return None
    return row[column], row.get("sql_mode")


def restore(conn, objects, saved):
    for obj in objects:
        definition = saved[obj.name]
        try:
            _execute(conn, f"DROP {obj.kind} IF EXISTS `{obj.name}`")
            if definition:
                sql, sql_mode = definition
                with _sql_mode(conn, sql_mode):
                    _execute(conn, sql)
        except pymysql.err.MySQLError as exc:
            logging.getLogger("aether.migrate").error("could not restore %r: %s", obj, exc)


@contextmanager
def _sql_mode(conn, sql_mode):
    if sql_mode is None:
        yield
        return
    with conn.cursor() as cursor:
        cursor.execute("SELECT @@SESSION.sql_mode AS mode")
        current = cursor.fetchone()["mode"]
        cursor.execute("SET SESSION sql_mode = %s", (sql_mode,))
    try:
        yield
    finally:
        with conn.cursor() as cursor:
            cursor.execute("SET SESSION sql_mode = %s", (current,))


def _execute(conn, sql):
    with conn.cursor() as cursor:
        cursor.execute(sql)


class _StatementLog(logging.Handler):
    text = ""

    def emit(self, record):
        if record.getMessage().startswith(" - executing"):
            self.text = record.args[0].decode("ascii", "replace") if record.args else ""


@contextmanager
def last_statement():
    """Remembers the last statement yoyo ran, to name it when a migration fails."""
    logger = logging.getLogger("yoyo.migrations")
    handler = _StatementLog(logging.DEBUG)
    level, propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate


def _error_text(exc):
    if isinstance(exc, pymysql.err.MySQLError) and len(exc.args) > 1:
        return f"error {exc.args[0]}: {exc.args[1]}"
    return str(exc)


def _shorten(sql, limit=400):
    sql = " ".join(sql.split())
    return sql if len(sql) <= limit else sql[:limit] + " ..."
