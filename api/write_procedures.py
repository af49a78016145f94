"""Per-type write procedures, generated from the registry at every `aether migrate`.

For each type whose registry row names the generic `crud_insert` / `crud_update`, migrate
creates `insert__<type>` and `update__<type>`: static SQL that knows the type's fields, so a
write reads the body with JSON functions once per field, with no dynamic SQL, no loop over the
body's keys and no information_schema lookups. They keep every guarantee of the generic
procedures: only writable fields, each reference resolved (and locked) inside the caller's
account and siblings inside the same parent, 422 naming the field, 409 naming the existing
object, one transaction. `crud_insert` / `crud_update` dispatch to them, for callers by hand.

`SHOW CREATE PROCEDURE insert__event_session` shows one; this module is their source.
"""

from dataclasses import dataclass

from api.registry import quoted

CHECK_INTEGER = ("INTEGER", "UNSIGNED INTEGER", "NULL")
CHECK_NUMBER = ("INTEGER", "UNSIGNED INTEGER", "DOUBLE", "NULL")
BODY_CHECK = ("    IF p_body IS NULL OR JSON_VALID(p_body) = 0 OR JSON_TYPE(p_body) <> 'OBJECT' THEN\n"
              "        SIGNAL SQLSTATE '45000' SET MYSQL_ERRNO = 31422, MESSAGE_TEXT = 'body: must be a JSON object';\n"
              "    END IF;\n")
TRANSACTION = ("    IF v_own THEN\n        SET TRANSACTION ISOLATION LEVEL READ COMMITTED;\n"
               "        START TRANSACTION;\n    END IF;\n")


def literal(text):
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def path(name):
    return literal(f'$."{name}"')


def scalar(body, name):
    """A body field as text (1/0 for true/false, NULL for null), once value_check has refused a
    list or an object for it."""
    return f"JSON_VALUE({body}, {path(name)})"


def signal(status, message):
    return f"SIGNAL SQLSTATE '45000' SET MYSQL_ERRNO = {31000 + status}, MESSAGE_TEXT = {message}"


@dataclass(frozen=True)
class Column:
    name: str
    column_type: str
    required: bool  # NOT NULL without a default: an insert must name it
    ascii: bool = False


@dataclass(frozen=True)
class Schema:
    """What generation reads besides the registry: each table's columns and the lookup fields."""
    tables: dict  # table -> {column name: Column}
    lookups: dict  # field name -> (lookup type, its table)

    @classmethod
    def read(cls, conn):
        with conn.cursor() as cursor:
            cursor.execute("SELECT table_name AS t, column_name AS c, column_type AS ty,"
                           " is_nullable = 'NO' AND column_default IS NULL AS required,"
                           " character_set_name = 'ascii' AS `ascii`"
                           " FROM information_schema.columns WHERE table_schema = DATABASE()")
            tables = {}
            for row in cursor.fetchall():
                tables.setdefault(row["t"], {})[row["c"]] = Column(row["c"], row["ty"], bool(row["required"]),
                                                                   bool(row["ascii"]))
            cursor.execute("SELECT field_name AS f, name AS n, table_name AS t FROM lu_type WHERE field_name IS NOT NULL")
            lookups = {row["f"]: (row["n"], row["t"]) for row in cursor.fetchall()}
        return cls(tables, lookups)


class Writer:
    """The generated procedures of one object type."""

    def __init__(self, kind, registry, schema):
        self.kind = kind
        self.registry = registry
        self.schema = schema
        self.table = quoted(kind.table)
        self.columns = schema.tables[kind.table]
        self.parent = registry.types[kind.parent] if kind.parent else None
        self.fields = [self.field(name) for name in kind.writable]

    # The fields a body may carry, each with the column it writes and how.

    def field(self, name):
        if name == "for_id_random":
            column = self.columns["for_id"]
            return WriteField(name, "for_id", "for", None, column.column_type, column.required)
        if name.endswith("_id_random"):
            column = self.columns[name[:-len("_random")]]
            target = self.registry.types[name[:-len("_id_random")]]
            return WriteField(name, column.name, "reference", target, column.column_type, column.required)
        column = self.columns[name]
        kind = "json" if name.endswith("_json") else "value"
        return WriteField(name, name, kind, None, column.column_type, column.required, column.ascii)

    def keys(self):
        return [f.name for f in self.fields] + ([self.kind.parent_field] if self.parent else [])

    # Statements shared by insert and update.

    def declarations(self):
        lines = ["    DECLARE v_own TINYINT DEFAULT @@in_transaction = 0;",
                 "    DECLARE v_id INT UNSIGNED;",
                 "    DECLARE v_parent_id INT UNSIGNED;",
                 "    DECLARE v_key LONGTEXT;",
                 "    DECLARE v_for_type LONGTEXT;",
                 "    DECLARE v_existing CHAR(11);",
                 "    DECLARE v_field VARCHAR(64);",
                 "    DECLARE v_message VARCHAR(512);"]
        lines += [f"    DECLARE {f.local} INT UNSIGNED;" for f in self.fields if f.kind in ("reference", "for")]
        return "\n".join(lines) + "\n"

    def rollback_handler(self):
        return ("    DECLARE EXIT HANDLER FOR SQLEXCEPTION\n    BEGIN\n        IF v_own THEN\n            ROLLBACK;\n"
                "        END IF;\n        RESIGNAL;\n    END;\n")

    def body_checks(self):
        """Checks of the body alone: known keys only, and each value of the type its column takes
        (after the URL's objects are found, so another account's URL is a 404 whatever the body)."""
        allowed = ", ".join(literal(key) for key in self.keys())
        out = [
            "    SET v_key = (\n        SELECT k.k FROM JSON_TABLE(JSON_KEYS(p_body), '$[*]' COLUMNS (\n"
            "            n FOR ORDINALITY, k LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin PATH '$'\n"
            f"        )) AS k WHERE k.k NOT IN ({allowed}) ORDER BY k.n LIMIT 1\n    );\n",
            f"    IF v_key IS NOT NULL THEN\n        CALL crud_refuse_field({literal(self.kind.name)}, v_key);\n"
            "    END IF;\n",
        ]
        rules = [rule for f in self.fields for rule in f.rules()]
        if any(f.kind == "for" for f in self.fields):
            rules.append(("JSON_EXISTS(p_body, '$.for_type') AND NOT JSON_EXISTS(p_body, '$.for_id_random')",
                          "for_id_random: is required with for_type"))
        out.append(first_broken(rules))
        return "".join(out)

    def lookup_checks(self):
        """A field named in lu_type.field_name holds a group of that lookup, global or the account's."""
        out = []
        for f in self.fields:
            if f.kind == "value" and f.name in self.schema.lookups:
                lookup, table = self.schema.lookups[f.name]
                value = scalar("p_body", f.name)
                message = literal(f"{f.name}: not a known {lookup.replace('_', ' ')} (see /v3/lookup/{lookup}/)")
                out.append(
                    f"    IF {value} IS NOT NULL AND NOT EXISTS (\n        SELECT 1 FROM {quoted(table)} AS l\n"
                    f"        WHERE l.scope IN ('0::0', lookup_scope(p_account_id, NULL, NULL)) AND l.`group` = {value}\n"
                    f"            AND l.`group` = {value} COLLATE utf8mb4_bin\n    ) THEN\n"
                    f"        {signal(422, message)};\n    END IF;\n")
        return "".join(out)

    def references(self, updating):
        """Resolves and share-locks every reference the body names, inside the account (siblings
        inside the same parent); a name that finds nothing is a 422 naming the field."""
        out = []
        for f in self.fields:
            if f.kind == "reference":
                out.append(self.reference(f))
            elif f.kind == "for":
                out.append(self.polymorphic(f, updating))
        return "".join(out)

    def reference(self, f):
        target = f.target
        sibling = self.parent is not None and target.parent == self.parent.name
        value = scalar("p_body", f.name)
        where = f"    IF {value} IS NOT NULL THEN\n"
        if "account_id" not in self.schema.tables[target.table]:
            return (where + f"        CALL crud_resolve({literal(target.name)}, p_account_id, {value}, NULL, "
                    f"{literal(f.name)}, 31422, 'share', {f.local});\n    END IF;\n")
        condition = f"r.id_random = public_id({value}) AND r.account_id = p_account_id"
        if sibling:
            condition += f" AND r.{quoted(target.parent_column)} = v_parent_id"
        scope = f" in this {self.parent.name}" if sibling else ""
        message = literal(f"{f.name}: no {target.name} with this id{scope} in your account")
        return (where + f"        SET {f.local} = NULL;\n"
                f"        SELECT r.id INTO {f.local} FROM {quoted(target.table)} AS r\n"
                f"        WHERE {condition}{target.alive('r')} LOCK IN SHARE MODE;\n"
                f"        IF {f.local} IS NULL THEN\n            {signal(422, message)};\n        END IF;\n"
                "    END IF;\n")

    def polymorphic(self, f, updating):
        current = (f"        IF v_for_type IS NULL THEN\n            SELECT t.for_type INTO v_for_type FROM {self.table} AS t"
                   " WHERE t.id = v_id;\n        END IF;\n") if updating else ""
        return ("    IF JSON_EXISTS(p_body, '$.for_id_random') THEN\n"
                "        SET v_for_type = crud_scalar(p_body, 'for_type');\n" + current +
                "        IF v_for_type IS NULL OR NOT EXISTS (SELECT 1 FROM crud_type AS c WHERE c.name = v_for_type) THEN\n"
                f"            {signal(422, literal('for_type: must name an object type'))};\n        END IF;\n"
                "        CALL crud_resolve(v_for_type, p_account_id, crud_scalar(p_body, 'for_id_random'), NULL,"
                f" 'for_id_random', 31422, 'share', {f.local});\n    END IF;\n")

    def answer(self):
        """The object as the API answers it (p_answer 'json': the JSON MariaDB builds for reads
        too), or its view row (callers by hand, through crud_insert / crud_update)."""
        view = quoted(self.kind.default.relation)
        where = f"FROM {view} AS q0 WHERE q0.id = v_id AND q0.account_id = p_account_id"
        return (f"    IF p_answer = 'json' THEN\n"
                f"        SELECT {self.kind.default.select_list}, q0.id_random {where};\n"
                f"    ELSE\n        SELECT q0.* {where};\n    END IF;\n")

    def account_column(self):
        return "account_id" in self.columns

    def locate(self, alias="t"):
        """The condition that finds the object p_id_random names inside the account (and the URL
        parent when one is given)."""
        own = f"{alias}.account_id = p_account_id" if self.account_column() else f"{alias}.id = p_account_id"
        condition = f"{alias}.id_random = public_id(p_id_random) AND {own}"
        if self.parent:
            condition += (f" AND (p_parent_id_random IS NULL OR {alias}.{quoted(self.kind.parent_column)} = (\n"
                          f"        SELECT p.id FROM {quoted(self.parent.table)} AS p WHERE p.id_random ="
                          " public_id(p_parent_id_random) AND p.account_id = p_account_id\n    ))")
        return condition + self.kind.alive(alias)

    # insert__<type>

    def insert(self):
        name = quoted(f"insert__{self.kind.name}")
        columns = (["account_id"] if self.account_column() else []) + \
            ([self.kind.parent_column] if self.parent else []) + [f.column for f in self.fields]
        values = (["p_account_id"] if self.account_column() else []) + \
            (["v_parent_id"] if self.parent else []) + [f.insert_value("p_body") for f in self.fields]
        candidate = ["CONCAT(p_account_id)"] if self.account_column() else []
        candidate += ["COALESCE(v_parent_id, 'NULL')"] if self.parent else []
        candidate += [f.candidate_value() for f in self.fields]
        column_list = ", ".join(quoted(c) for c in columns)
        return (
            f"CREATE OR REPLACE PROCEDURE {name}(\n    IN p_answer VARCHAR(64), IN p_account_id INT UNSIGNED,"
            " IN p_parent_id_random LONGTEXT, IN p_body LONGTEXT\n)\nMODIFIES SQL DATA\nBEGIN\n"
            + self.declarations()
            + self.conflict_handler(column_list, candidate)
            + self.rollback_handler()
            + self.no_parent_check()
            + BODY_CHECK
            + TRANSACTION
            + self.insert_parent()
            + self.references(updating=False)
            + self.body_checks()
            + self.required_checks()
            + self.lookup_checks()
            + f"    INSERT INTO {self.table} ({column_list})\n    VALUES ({', '.join(values)});\n"
            + "    SET v_id = LAST_INSERT_ID();\n"
            + self.answer()
            + "    IF v_own THEN\n        COMMIT;\n    END IF;\nEND"
        )

    def required_checks(self):
        return first_broken([(f"NOT JSON_EXISTS(p_body, {path(f.name)})", f"{f.name}: is required")
                             for f in self.fields if f.required])

    def conflict_handler(self, column_list, candidate):
        """A duplicate key: crud_conflict rebuilds the row in a temporary copy of the table to name
        the field, and the existing object when it is in this account."""
        values = ", ', ', ".join(candidate)
        return (
            "    DECLARE EXIT HANDLER FOR 1062\n    BEGIN\n"
            f"        CALL crud_conflict({literal(self.kind.table)}, p_account_id, {literal(column_list)},"
            f" CONCAT({values}), p_body, v_existing, v_field);\n"
            "        IF v_own THEN\n            ROLLBACK;\n        END IF;\n"
            "        IF v_field IS NULL THEN\n            RESIGNAL;\n        END IF;\n"
            "        SET v_message = CONCAT(IF(v_field LIKE '%\\_id', CONCAT(v_field, '_random'), v_field),"
            " ': already exists', IF(v_existing IS NULL, ' (in another account)', CONCAT(' as ', v_existing)));\n"
            f"        {signal(409, 'v_message')};\n    END;\n"
        )

    def no_parent_check(self):
        if self.parent:
            return ""
        return (f"    IF p_parent_id_random IS NOT NULL THEN\n"
                f"        {signal(404, literal('type: this type has no parent'))};\n    END IF;\n")

    def insert_parent(self):
        if not self.parent:
            return ""
        parent, field = self.parent, self.kind.parent_field
        from_body = f"crud_scalar(p_body, {literal(field)})"
        not_found_url = literal(f"{parent.name}: no {parent.name} with this id in your account")
        not_found_body = literal(f"{field}: no {parent.name} with this id in your account")
        mismatch = literal(f"{field}: does not match the {parent.name} in the URL")
        required = literal(f"{field}: is required")
        return (
            "    IF p_parent_id_random IS NOT NULL THEN\n"
            + self.find_parent("p_parent_id_random")
            + f"        IF v_parent_id IS NULL THEN\n            {signal(404, not_found_url)};\n        END IF;\n"
            + f"        IF JSON_EXISTS(p_body, {path(field)}) AND NOT {from_body} <=> p_parent_id_random THEN\n"
            + f"            {signal(422, mismatch)};\n        END IF;\n"
            + "    ELSE\n"
            + f"        IF {from_body} IS NULL THEN\n            {signal(422, required)};\n        END IF;\n"
            + self.find_parent(from_body)
            + f"        IF v_parent_id IS NULL THEN\n            {signal(422, not_found_body)};\n        END IF;\n"
            + "    END IF;\n"
        )

    def find_parent(self, id_random):
        parent = self.parent
        return (f"        SELECT p.id INTO v_parent_id FROM {quoted(parent.table)} AS p\n"
                f"        WHERE p.id_random = public_id({id_random}) AND p.account_id = p_account_id"
                f"{parent.alive('p')} LOCK IN SHARE MODE;\n")

    # update__<type>

    def update(self):
        name = quoted(f"update__{self.kind.name}")
        parent_column = f", t.{quoted(self.kind.parent_column)}" if self.parent else ", NULL"
        assignments = ",\n        ".join(f"{quoted(f.column)} = {f.update_value('p_body')}" for f in self.fields)
        scope = f" in this {self.parent.name}" if self.parent else ""
        not_found = literal(f"{self.kind.name}: no {self.kind.name} with this id{scope} in your account")
        return (
            f"CREATE OR REPLACE PROCEDURE {name}(\n    IN p_answer VARCHAR(64), IN p_account_id INT UNSIGNED,"
            " IN p_parent_id_random LONGTEXT, IN p_id_random LONGTEXT, IN p_body LONGTEXT\n)\n"
            "MODIFIES SQL DATA\nBEGIN\n"
            + self.declarations()
            + self.rollback_handler()
            + self.no_parent_check()
            + BODY_CHECK
            + TRANSACTION
            + f"    SELECT t.id{parent_column} INTO v_id, v_parent_id FROM {self.table} AS t\n"
            + f"    WHERE {self.locate()} FOR UPDATE;\n"
            + f"    IF v_id IS NULL THEN\n        {signal(404, not_found)};\n    END IF;\n"
            + self.update_parent_check()
            + self.references(updating=True)
            + self.body_checks()
            + self.lookup_checks()
            + (f"    UPDATE {self.table} SET\n        {assignments}\n    WHERE id = v_id;\n" if self.fields else "")
            + self.answer()
            + "    IF v_own THEN\n        COMMIT;\n    END IF;\nEND"
        )

    def update_parent_check(self):
        if not self.parent:
            return ""
        field, parent = self.kind.parent_field, self.parent
        moved = literal(f"{field}: cannot be changed; delete and re-create under another {parent.name}")
        return (
            f"    IF JSON_EXISTS(p_body, {path(field)}) AND NOT crud_scalar(p_body, {literal(field)}) <=> (\n"
            f"        SELECT p.id_random FROM {quoted(parent.table)} AS p WHERE p.id = v_parent_id\n    ) THEN\n"
            f"        {signal(422, moved)};\n"
            "    END IF;\n"
        )


@dataclass(frozen=True)
class WriteField:
    name: str
    column: str
    kind: str  # value, json, reference or for
    target: object = None
    column_type: str = ""
    required: bool = False
    ascii: bool = False

    @property
    def local(self):
        return f"v_{self.column}"[:64]

    def expression(self, body):
        if self.kind in ("reference", "for"):
            return self.local
        if self.kind == "json":
            return f"NULLIF(JSON_COMPACT(JSON_EXTRACT({body}, {path(self.name)})), 'null')"
        value = scalar(body, self.name)
        if self.column_type.startswith(("datetime", "timestamp")):
            return f"crud_datetime({value})"
        return value

    def insert_value(self, body):
        """A field left out takes its column's default; a required one is never left out (the
        procedure refuses the body first), and DEFAULT() of a column without one fails anyway."""
        if self.required:
            return self.expression(body)
        return f"IF(JSON_EXISTS({body}, {path(self.name)}), {self.expression(body)}, DEFAULT({quoted(self.column)}))"

    def update_value(self, body):
        """A field left out keeps its value. An ASCII column is read as utf8mb4 here, so a new
        non-ASCII value fails on the column (1366, naming it) rather than inside IF() (1267)."""
        current = f"CONVERT({quoted(self.column)} USING utf8mb4)" if self.ascii else quoted(self.column)
        return f"IF(JSON_EXISTS({body}, {path(self.name)}), {self.expression(body)}, {current})"

    def candidate_value(self):
        """This field's value as SQL text over @crud_1 (the body, in crud_conflict's statement)."""
        if self.kind in ("reference", "for"):
            default = "'NULL'" if self.required else literal(f"DEFAULT({quoted(self.column)})")
            return f"IF(JSON_EXISTS(p_body, {path(self.name)}), COALESCE({self.local}, 'NULL'), {default})"
        return literal(self.insert_value("@crud_1"))

    def rules(self):
        """(condition, message) pairs: the 422s for a value its column would take wrongly (a list
        where a value goes, a fraction rounded, an enum's word read by position; strict mode's
        1265 for an enum is a warning class no handler catches)."""
        json_type = f"JSON_TYPE(JSON_EXTRACT(p_body, {path(self.name)}))"
        kind = self.column_type
        if self.kind == "json":
            return []
        rules = [(f"{json_type} IN ('OBJECT', 'ARRAY')", f"{self.name}: must be a single value, not a list or an object")]
        if self.kind != "value":
            return rules
        if kind.split("(")[0] in ("tinyint", "smallint", "mediumint", "int", "bigint"):
            allowed = CHECK_INTEGER + (("BOOLEAN",) if kind.startswith("tinyint(1)") else ())
            rules.append((f"{json_type} NOT IN ({', '.join(map(literal, allowed))})",
                          f"{self.name}: must be a whole number, such as 3"))
        elif kind.startswith(("decimal", "float", "double")):
            rules.append((f"{json_type} NOT IN ({', '.join(map(literal, CHECK_NUMBER))})",
                          f"{self.name}: must be a number, such as 0.5"))
        elif kind.startswith("enum("):
            members = kind[5:-1].replace("'", "")
            rules.append((f"{json_type} <> 'NULL' AND ({json_type} <> 'STRING' OR FIND_IN_SET("
                          f"{scalar('p_body', self.name)} COLLATE utf8mb4_unicode_ci, {literal(members)}) = 0)",
                          f"{self.name}: must be one of {members.replace(',', ', ')}"))
        return rules


def first_broken(rules):
    """One statement that signals the first rule a body breaks: (SQL condition, message) pairs,
    tested in order (one CASE is cheaper than a statement per rule)."""
    if not rules:
        return ""
    cases = "".join(f"\n        WHEN {condition} THEN {literal(message)}" for condition, message in rules)
    return (f"    SET v_message = CASE{cases}\n    END;\n"
            f"    IF v_message IS NOT NULL THEN\n        {signal(422, 'v_message')};\n    END IF;\n")


def generated(registry, schema):
    """(name, CREATE statement) of every generated procedure."""
    out = []
    for kind in registry.types.values():
        writer = None
        if kind.insert_procedure == "crud_insert":
            writer = Writer(kind, registry, schema)
            out.append((f"insert__{kind.name}", writer.insert()))
        if kind.update_procedure == "crud_update":
            writer = writer or Writer(kind, registry, schema)
            out.append((f"update__{kind.name}", writer.update()))
    return out
