"""The object-type registry: the `crud_type` table plus what MariaDB reports about each type's
view, read once per process. Every name used to build SQL comes from here, checked here."""

import json
import re
from dataclasses import dataclass, field

from api.problems import Problem, invalid_parameter, suggest
from api.rules import CHECKS_SQL

NAME = re.compile(r"^[a-z_][a-z0-9_]{0,63}$")
# Integer columns a view carries for filtering (and a child view its parent column, such as
# event_id); never selected for a client.
INTERNAL = frozenset({"id", "account_id"})

# alive_sql: the condition that leaves soft-deleted rows out, written by SQL (crud_alive_sql).
TYPES_SQL = "SELECT t.*, crud_alive_sql(t.name, '{alias}', 1) AS alive_sql FROM crud_type AS t ORDER BY t.name"
COLUMNS_SQL = (
    "SELECT TABLE_NAME AS relation, COLUMN_NAME AS name, COLUMN_TYPE AS sql_type, DATA_TYPE AS data_type,"
    " IS_NULLABLE = 'YES' AS nullable, CHARACTER_MAXIMUM_LENGTH AS max_length, COLUMN_DEFAULT AS `default`,"
    " CHARACTER_SET_NAME = 'ascii' AS `ascii`"
    " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION"
)


def quoted(name):
    if not NAME.match(name or ""):
        raise ValueError(f"not a plain SQL name: {name!r}")
    return f"`{name}`"


def names(text):
    return tuple(part.strip() for part in (text or "").split(",") if part.strip())


@dataclass(frozen=True)
class Field:
    name: str
    sql_type: str
    nullable: bool
    max_length: int | None
    default: str | None
    writable: bool
    searchable: bool
    views: tuple = ("default",)
    ascii: bool = False
    # As the type's table stores it (a view's LEFT JOIN makes every reference look nullable):
    # None where the table has no such column.
    stored_nullable: bool | None = None
    is_parent: bool = False  # the URL's parent names it

    @property
    def is_json(self):
        return self.name.endswith("_json")

    @property
    def is_id(self):
        return self.name == "id_random" or self.name.endswith("_id_random")

    @property
    def references(self):
        if self.name.endswith("_id_random") and self.name != "account_id_random":
            return "for_type" if self.name == "for_id_random" else self.name[: -len("_id_random")]
        return None

    @property
    def value_type(self):
        """What a client sends and gets, in one word: json, id, boolean, or the SQL type's name."""
        if self.is_json:
            return "json"
        if self.is_id:
            return "id"
        if self.sql_type.startswith("tinyint(1)"):
            return "boolean"
        return self.sql_type.split("(")[0].split(" ")[0]

    @property
    def described_nullable(self):
        return self.nullable if self.stored_nullable is None else self.stored_nullable

    @property
    def described_default(self):
        """The default a new object gets: none for a reference, JSON null for DEFAULT NULL."""
        if self.is_id or self.default == "NULL":
            return None
        return self.default

    @property
    def required_on_create(self):
        return (self.writable and not self.is_parent and not self.described_nullable
                and self.described_default is None)

    def describe(self):
        return {
            "name": self.name,
            "type": self.value_type,
            "sql_type": self.sql_type,
            "nullable": self.described_nullable,
            "max_length": self.max_length,
            "default": self.described_default,
            "required_on_create": self.required_on_create,
            "writable": self.writable,
            "searchable": self.searchable,
            "sortable": self.searchable,
            "references": self.references,
            "views": list(self.views),
        }


JSON_COLUMN = "aether_json"


NUMBER_TYPES = ("tinyint", "smallint", "mediumint", "int", "bigint", "decimal", "float", "double")


def json_value(field, alias):
    """A column as JSON text, the way api/encoding.py writes Python values: datetimes as ISO
    8601 in UTC with Z (the fraction only when there is one), decimals as numbers, *_json
    columns as the JSON they hold, text quoted and escaped, NULL as null. Ids need no escaping
    (A-Z, a-z, 0-9, - and _), and a NOT NULL column no NULL test: both cost MariaDB time per row."""
    column = f"{alias}.{quoted(field.name)}"
    sql_type = field.sql_type
    if field.is_json or sql_type.startswith(NUMBER_TYPES[:5]):
        value = column
    elif sql_type.startswith(NUMBER_TYPES[5:]):
        value = f"{column} + 0e0"
    elif sql_type.startswith(("datetime", "timestamp")):
        value = f"CONCAT('\"', REPLACE(TRIM(TRAILING '.000000' FROM {column}), ' ', 'T'), 'Z\"')"
    elif sql_type == "date" or field.is_id:
        value = f"CONCAT('\"', CONVERT({column} USING utf8mb4), '\"')"
    else:
        value = f"JSON_QUOTE({column})"
    return f"COALESCE({value}, 'null')" if field.nullable else value


def json_object(fields, alias="q0"):
    """One row as the JSON document a client gets, built by MariaDB as compact text (CONCAT is
    cheaper than JSON_OBJECT, and JSON_COMPACT over it cost 0.1 ms a row)."""
    pieces = [f"'{'{' if i == 0 else ','}\"{f.name}\":', {json_value(f, alias)}" for i, f in enumerate(fields)]
    return f"CONCAT({', '.join(pieces)}, '}}')"


@dataclass(frozen=True)
class View:
    """One SQL view of a type as clients see it: its public fields, in the view's order."""
    relation: str
    fields: tuple
    by_name: dict = field(default_factory=dict, compare=False)
    select_list: str = field(default="", compare=False)

    @classmethod
    def of(cls, relation, fields):
        # Binary, so the driver hands over the bytes without decoding them (they go out as they are).
        select_list = f"CONVERT({json_object(fields)} USING binary) AS {JSON_COLUMN}"
        return cls(relation, fields, {f.name: f for f in fields}, select_list)

    def public(self, row):
        """A view row as a client sees it: internal ids dropped, JSON columns parsed."""
        out = {f.name: row.get(f.name) for f in self.fields}
        for f in self.fields:
            if f.is_json and isinstance(out[f.name], str):
                out[f.name] = json.loads(out[f.name])
        return out


@dataclass(frozen=True)
class ObjectType:
    name: str
    table: str
    parent: str | None
    parent_column: str | None
    writable: tuple
    searchable: tuple
    default_sort: tuple
    public_read: bool
    soft_delete: bool
    filtered_sort: dict
    parameter_aliases: dict
    file_field: str | None
    alive_sql: str
    write_role: str
    read_role: str
    insert_procedure: str | None
    update_procedure: str | None
    delete_procedure: str | None
    description: str | None
    child_alias: str | None = None  # a shorter name for this type in its parent's nested URLs
    views: dict = field(default_factory=dict, compare=False)
    children: tuple = ()

    @property
    def parent_field(self):
        return f"{self.parent}_id_random" if self.parent else None

    @property
    def default(self):
        return self.views["default"]

    def view(self, name):
        if name not in self.views:
            raise invalid_parameter("view", f"{self.name} has the views {', '.join(self.views)}",
                                    allowed=list(self.views))
        return self.views[name]

    def public(self, row):
        return self.default.public(row)

    def alive(self, alias):
        """' AND ...' leaving out soft-deleted rows (and children of deleted parents), or ''."""
        return self.alive_sql.replace("{alias}", alias)

    def allows(self, operation):
        return getattr(self, f"{operation}_procedure") is not None

    def fields(self):
        """Every field of every view once, alt-only ones last."""
        seen = {}
        for view in self.views.values():
            for f in view.fields:
                seen.setdefault(f.name, f)
        return list(seen.values())

    def describe(self, operators):
        return {
            "type": self.name,
            "description": self.description,
            "views": {name: view.relation for name, view in self.views.items()},
            "parent": {"type": self.parent, "field": self.parent_field} if self.parent else None,
            "child_alias": self.child_alias,
            "children": list(self.children),
            "default_sort": list(self.default_sort),
            "public_read": self.public_read,
            "soft_delete": self.soft_delete,
            "filtered_sort": {name: list(terms) for name, terms in self.filtered_sort.items()},
            "parameter_aliases": self.parameter_aliases,
            "file_field": self.file_field,
            "write_role": self.write_role,
            "read_role": self.read_role,
            "operations": {op: self.allows(op) for op in ("insert", "update", "delete")},
            "fields": [f.describe() for f in self.fields()],
            "search": operators,
        }


class Registry:
    def __init__(self, types, checks=None):
        self.types = types
        self.checks = checks or {}  # (table, constraint name): the CHECK clause, as MariaDB reports it

    @classmethod
    async def load(cls, db):
        return cls.of(await db.fetch_all(TYPES_SQL), await db.fetch_all(COLUMNS_SQL), await db.fetch_all(CHECKS_SQL))

    @classmethod
    def read(cls, conn):
        """The same, over a blocking connection (api.db.connect_sync): migrate, tests."""
        with conn.cursor() as cursor:
            cursor.execute(TYPES_SQL)
            rows = cursor.fetchall()
            cursor.execute(COLUMNS_SQL)
            columns = cursor.fetchall()
            cursor.execute(CHECKS_SQL)
            return cls.of(rows, columns, cursor.fetchall())

    @classmethod
    def of(cls, rows, column_rows, check_rows=()):
        columns = {}
        for column in column_rows:
            columns.setdefault(column["relation"], []).append(column)
        types = {row["name"]: _object_type(row, columns) for row in rows}
        children = {}
        for kind in types.values():
            if kind.parent:
                children.setdefault(kind.parent, []).append(kind.name)
        return cls({
            name: _with(kind, children=tuple(sorted(children.get(name, ()))))
            for name, kind in types.items()
        }, {(check["relation"], check["name"]): check["clause"] for check in check_rows})

    def get(self, name):
        kind = self.types.get(name)
        if kind is None:
            raise suggest(Problem(404, "unknown_type", f"There is no object type named {name!r}", type_name=name),
                          name, self.types)
        return kind

    def child_type(self, parent, child_name):
        """The type a nested URL names under `parent` (or None): by its child_alias or its name."""
        for name in parent.children if parent else ():
            if child_name == self.types[name].child_alias:
                return self.types[name]
        return self.types.get(child_name)

    def named_in(self, params):
        """The type a /v3/crud URL's path parameters name, or None."""
        if "child" in params:
            return self.child_type(self.types.get(params.get("parent")), params["child"])
        return self.types.get(params.get("type"))

    def child(self, parent_name, child_name):
        parent = self.get(parent_name)
        child = self.child_type(parent, child_name) or self.get(child_name)
        if child.parent != parent.name:
            raise Problem(
                404, "not_a_child", f"{child.name} objects do not belong to {parent.name} objects.",
                children=list(parent.children),
            )
        return parent, child


def _with(kind, **changes):
    return ObjectType(**{**kind.__dict__, **changes})


def _object_type(row, columns):
    for key in ("name", "table_name", "view_name", "alt_view_name", "parent_name", "parent_column", "file_field",
                "child_alias", "insert_procedure", "update_procedure", "delete_procedure"):
        if row.get(key) is not None:
            quoted(row[key])
    writable, searchable = names(row["writable_fields"]), names(row["searchable_fields"])
    stored = {c["name"]: c for c in columns.get(row["table_name"], ())}
    relations = {"default": row["view_name"], "alt": row["alt_view_name"]}
    in_views = {}
    for view, relation in relations.items():
        for c in columns.get(relation, ()) if relation else ():
            in_views.setdefault(c["name"], []).append(view)

    def fields_of(relation):
        return tuple(
            Field(
                name=c["name"],
                sql_type=c["sql_type"],
                nullable=bool(c["nullable"]),
                max_length=c["max_length"],
                default=_stored(stored, c)["default"],
                writable=c["name"] in writable,
                searchable=c["name"] in searchable,
                views=tuple(in_views[c["name"]]),
                ascii=bool(c["ascii"]),
                stored_nullable=_stored_nullable(stored, c),
                is_parent=c["name"] == f"{row['parent_name']}_id_random",
            )
            for c in columns.get(relation, ())
            if c["name"] not in INTERNAL and not _integer_id(c)
        )
    for name in names(row["default_sort"]):
        quoted(name.lstrip("-"))
    return ObjectType(
        name=row["name"],
        table=row["table_name"],
        parent=row["parent_name"],
        parent_column=row["parent_column"],
        writable=writable,
        searchable=searchable,
        default_sort=names(row["default_sort"]),
        public_read=bool(row["public_read"]),
        soft_delete=bool(row["soft_delete"]),
        filtered_sort={name: names(terms) for name, terms in _pairs(row["filtered_sort"], ":")},
        parameter_aliases=dict(_pairs(row["parameter_aliases"], ":", ",")),
        file_field=row["file_field"],
        alive_sql=row["alive_sql"] or "",
        write_role=row["write_role"],
        read_role=row["read_role"],
        insert_procedure=row["insert_procedure"],
        update_procedure=row["update_procedure"],
        delete_procedure=row["delete_procedure"],
        description=row["description"],
        child_alias=row.get("child_alias"),
        views={view: View.of(relation, fields_of(relation)) for view, relation in relations.items() if relation},
    )


def _stored_column(stored, column):
    """The table column behind a view column: <x>_id for a reference <x>_id_random, else its namesake."""
    name = column["name"]
    if name.endswith("_id_random") and name[: -len("_random")] in stored:
        return stored[name[: -len("_random")]]
    return stored.get(name)


def _stored(stored, column):
    return _stored_column(stored, column) or column


def _stored_nullable(stored, column):
    found = _stored_column(stored, column)
    return None if found is None else bool(found["nullable"])


def _pairs(text, separator, between=";"):
    """'a:x,y;b:z' -> [(a, 'x,y'), (b, 'z')] (between=';'), or 'a:b,c:d' -> [(a, b), (c, d)]."""
    for part in (text or "").split(between):
        if separator in part:
            key, value = part.split(separator, 1)
            yield key.strip(), value.strip()


def _integer_id(column):
    return column["name"].endswith("_id") and "int" in column["data_type"]
