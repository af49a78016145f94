"""The query language of /v3/crud lists and searches, compiled to one parameterised SELECT.

Operators are declared once, in OPERATORS: that table drives the SQL, the schema endpoint and
README. Field names are looked up in the registry and quoted from there, never taken from the
request; every value is a bound parameter. Mistakes are 400s whose `pointer` (RFC 6901) names
the offending node of the request body, or the query parameter of a GET.
"""

import base64
import datetime
import hashlib
import hmac
import json
import math
import re
from dataclasses import dataclass, field

from api.body import parse_json
from api.ids import is_id_random
from api.problems import Problem, invalid_parameter, suggest, unknown_parameter
from api.registry import NAME, quoted

MAX_DEPTH = 8
MAX_CONDITIONS = 200
MAX_VALUES = 1000
MAX_SORT = 5
MAX_TEXT = 4000
DEFAULT_LIMIT = 50
MAX_LIMIT = 1000
INT_RANGE = 2**63
LIKE_ESCAPE = "!"
TIEBREAK = "id_random"
MAX_BOUND = 5000
# Numbers in a query string: ASCII digits only (str.isdigit() accepts '²', int() accepts '١٢').
WHOLE = re.compile(r"[0-9]{1,10}")
INTEGER = re.compile(r"-?[0-9]{1,19}")
DECIMAL = re.compile(r"-?[0-9]{1,30}(\.[0-9]{1,30})?([eE][-+]?[0-9]{1,3})?")
BODY_KEYS = ("where", "sort", "limit", "offset", "cursor", "count", "view", "include_deleted")
LIST_PARAMETERS = ("limit", "offset", "cursor", "sort", "count", "view", "include_deleted")
GROUPS = ("and", "or", "not", "has")


@dataclass(frozen=True)
class Operator:
    key: str
    template: str
    value: str
    description: str


OPERATORS = {op.key: op for op in (
    Operator("eq", "{field} = {value}", "one", "equals value"),
    Operator("ne", "NOT ({field} <=> {value})", "one", "does not equal value (a null field matches)"),
    Operator("gt", "{field} > {value}", "one", "greater than value"),
    Operator("gte", "{field} >= {value}", "one", "greater than or equal to value"),
    Operator("lt", "{field} < {value}", "one", "less than value"),
    Operator("lte", "{field} <= {value}", "one", "less than or equal to value"),
    Operator("in", "{field} IN ({value})", "list", f"equals one of the values (a list of 1 to {MAX_VALUES})"),
    Operator("not_in", "({field} NOT IN ({value}) OR {field} IS NULL)", "list",
             f"equals none of the values (a list of 1 to {MAX_VALUES}; a null field matches)"),
    Operator("between", "{field} BETWEEN {value}", "pair", "from value[0] to value[1], both included"),
    Operator("is_null", "{field} IS {value}", "flag", "value true: the field is null; false: it is not"),
    Operator("contains", f"{{field}} LIKE {{value}} ESCAPE '{LIKE_ESCAPE}'", "contains",
             "text containing value; % and _ in value are plain characters"),
    Operator("starts_with", f"{{field}} LIKE {{value}} ESCAPE '{LIKE_ESCAPE}'", "starts_with",
             "text starting with value; % and _ in value are plain characters"),
    Operator("ends_with", f"{{field}} LIKE {{value}} ESCAPE '{LIKE_ESCAPE}'", "ends_with",
             "text ending with value; % and _ in value are plain characters"),
    Operator("like", "{field} LIKE {value}", "pattern",
             "matches a SQL LIKE pattern as given: % any text, _ one character, \\ escapes"),
)}


def describe():
    """The query language as the schema endpoint shows it."""
    return {
        "operators": {op.key: op.description for op in OPERATORS.values()},
        "groups": {"and": "all of a list of conditions", "or": "any of a list of conditions",
                   "not": "the opposite of one condition",
                   "has": "at least one child of {type} matches {where} (optional)"},
        "list_filters": "<field>=value (eq; repeated: in) or <field>__<operator>=value",
        "limits": {"depth": MAX_DEPTH, "conditions": MAX_CONDITIONS, "values": MAX_VALUES, "sort": MAX_SORT,
                   "text": MAX_TEXT, "limit": MAX_LIMIT, "bound_values": MAX_BOUND},
    }


def invalid(pointer, detail, **extra):
    return Problem(400, "invalid_search", f"{pointer or '/'}: {detail}", pointer=pointer, **extra)


@dataclass
class Query:
    """What a list or a search asks for, checked against the registry."""
    kind: object
    view: object
    where: str = ""
    params: dict = field(default_factory=dict)
    sort: list = field(default_factory=list)
    limit: int = DEFAULT_LIMIT
    offset: int = 0
    after: list | None = None
    count: bool = False
    include_deleted: bool = False


class Compiler:
    def __init__(self, registry, query):
        self.registry = registry
        self.query = query
        self.conditions = 0
        self.aliases = 0

    def bind(self, value):
        name = f"p{len(self.query.params)}"
        self.query.params[name] = value
        return f"%({name})s"

    def node(self, node, kind, view, alias, pointer, depth):
        if depth > MAX_DEPTH:
            raise invalid(pointer, f"groups nest at most {MAX_DEPTH} deep")
        if not isinstance(node, dict) or not node:
            raise invalid(pointer, "a condition is an object: {field, op, value}, or one of and, or, not, has")
        if "field" in node or "op" in node:
            return self.condition(node, view, alias, pointer)
        unknown = [key for key in node if key not in GROUPS]
        if unknown or len(node) != 1:
            bad = unknown[0] if unknown else sorted(node)[1]
            raise invalid(f"{pointer}/{_escape(bad)}", "a group has exactly one key: and, or, not or has")
        key, inner = next(iter(node.items()))
        here = f"{pointer}/{key}"
        if key == "not":
            return f"NOT ({self.node(inner, kind, view, alias, here, depth + 1)})"
        if key == "has":
            return self.has(inner, kind, alias, here, depth + 1)
        if not isinstance(inner, list) or not inner:
            raise invalid(here, f"{key} takes a non-empty list of conditions")
        parts = [self.node(item, kind, view, alias, f"{here}/{i}", depth + 1) for i, item in enumerate(inner)]
        return "(" + f" {key.upper()} ".join(parts) + ")"

    def has(self, spec, kind, alias, pointer, depth):
        if not isinstance(spec, dict) or set(spec) - {"type", "where"} or "type" not in spec:
            raise invalid(pointer, "has takes {type, where}: a child type and, optionally, a condition on it")
        self.count(pointer)  # each has is a subquery of its own
        name = spec["type"]
        child = self.registry.child_type(kind, name) if isinstance(name, str) else None
        if child is None or child.parent != kind.name:
            raise suggest(invalid(f"{pointer}/type", f"{name!r} is not a child type of {kind.name}",
                                  allowed=list(kind.children)), name, kind.children)
        self.aliases += 1
        inner = f"h{self.aliases}"
        sql = (f"EXISTS (SELECT 1 FROM {quoted(child.default.relation)} AS {inner}"
               f" WHERE {inner}.`account_id` = %(account)s"
               f" AND {inner}.{quoted(child.parent_column)} = {alias}.`id`")
        if not self.query.include_deleted:
            sql += child.alive(inner)
        if "where" in spec:
            sql += " AND " + self.node(spec["where"], child, child.default, inner, f"{pointer}/where", depth)
        return sql + ")"

    def condition(self, node, view, alias, pointer):
        for key in node:
            if key not in ("field", "op", "value"):
                raise invalid(f"{pointer}/{_escape(key)}", "a condition has only field, op and value")
        self.count(pointer)
        column = searchable(self.query.kind, view, node.get("field"), f"{pointer}/field")
        op = OPERATORS.get(node.get("op")) if isinstance(node.get("op"), str) else None
        if op is None:
            raise invalid(f"{pointer}/op", "unknown operator", allowed=list(OPERATORS))
        value = VALUE_KINDS[op.value](self, column, node.get("value", True if op.value == "flag" else None),
                                      f"{pointer}/value")
        return op.template.format(field=f"{alias}.{quoted(column.name)}", value=value)

    def count(self, pointer):
        self.conditions += 1
        if self.conditions > MAX_CONDITIONS:
            raise invalid(pointer, f"a search has at most {MAX_CONDITIONS} conditions (each has counts as one)")

    def one(self, column, value, pointer):
        return self.bounded_bind(coerce(column, value, pointer), pointer)

    def bounded_bind(self, value, pointer):
        if len(self.query.params) >= MAX_BOUND:
            raise invalid(pointer, f"a search holds at most {MAX_BOUND} values")
        return self.bind(value)

    def many(self, column, values, pointer):
        if not isinstance(values, list) or not 1 <= len(values) <= MAX_VALUES:
            raise invalid(pointer, f"must be a list of 1 to {MAX_VALUES} values")
        return ", ".join(self.one(column, value, f"{pointer}/{i}") for i, value in enumerate(values))

    def pair(self, column, values, pointer):
        if not isinstance(values, list) or len(values) != 2:
            raise invalid(pointer, "must be a list of two values: [from, to]")
        return f"{self.one(column, values[0], pointer + '/0')} AND {self.one(column, values[1], pointer + '/1')}"

    def flag(self, column, value, pointer):
        if not isinstance(value, bool):
            raise invalid(pointer, "must be true or false")
        return "NULL" if value else "NOT NULL"

    def text(self, column, value, pointer, before="", after=""):
        if not isinstance(value, str) or len(value) > MAX_TEXT:
            raise invalid(pointer, f"must be a string of at most {MAX_TEXT} characters")
        if column.ascii and not value.isascii():
            raise invalid(pointer, f"{column.name} holds only ASCII characters")
        escaped = "".join(LIKE_ESCAPE + c if c in ("%", "_", LIKE_ESCAPE) else c for c in value)
        return self.bounded_bind(before + (escaped if before or after else value) + after, pointer)


VALUE_KINDS = {
    "one": Compiler.one,
    "list": Compiler.many,
    "pair": Compiler.pair,
    "flag": Compiler.flag,
    "contains": lambda self, column, value, pointer: self.text(column, value, pointer, "%", "%"),
    "starts_with": lambda self, column, value, pointer: self.text(column, value, pointer, "", "%"),
    "ends_with": lambda self, column, value, pointer: self.text(column, value, pointer, "%", ""),
    "pattern": lambda self, column, value, pointer: self.text(column, value, pointer),
}


def _escape(key):
    return str(key).replace("~", "~0").replace("/", "~1")


def searchable(kind, view, name, pointer):
    name = name if isinstance(name, str) else None  # a list or an object names no field (and is unhashable)
    column = view.by_name.get(name)
    if column is not None and column.searchable:
        return column
    allowed = [f.name for f in view.fields if f.searchable]
    other = next((v for v_name, v in kind.views.items() if v is not view and name in v.by_name), None)
    if column is None and other is not None and other.by_name[name].searchable:
        raise invalid(pointer, f"{name} is only searchable with view=alt", allowed=allowed)
    if column is not None:
        raise invalid(pointer, f"{name} is not searchable", allowed=allowed)
    shown = f"{name} is not" if name is not None and NAME.match(name) else "this is not"
    raise suggest(invalid(pointer, f"{shown} a searchable field of {kind.name}", allowed=allowed), name, allowed)


def coerce(column, value, pointer):
    """A JSON value checked against the column's SQL type, ready to bind."""
    sql_type = column.sql_type
    if value is None:
        raise invalid(pointer, "must not be null; use the is_null operator")
    if sql_type.startswith("tinyint(1)") and isinstance(value, bool):
        return int(value)
    if "int" in sql_type:
        if isinstance(value, bool) or not isinstance(value, int) or not -INT_RANGE <= value < INT_RANGE:
            raise invalid(pointer, f"must be a whole number ({column.name} is {sql_type})")
        return value
    if sql_type.startswith(("decimal", "float", "double")):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise invalid(pointer, f"must be a number ({column.name} is {sql_type})")
        return value
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        raise invalid(pointer, f"must be a string of at most {MAX_TEXT} characters ({column.name} is {sql_type})")
    if column.is_id and not is_id_random(value):
        raise invalid(pointer, f"{column.name} holds ids: 11 characters of A-Z, a-z, 0-9, - and _")
    if column.ascii and not value.isascii():
        raise invalid(pointer, f"{column.name} holds only ASCII characters")
    if sql_type.startswith(("datetime", "timestamp")):
        return utc_text(value, pointer)
    if sql_type == "date":
        try:
            return datetime.date.fromisoformat(value).isoformat()
        except ValueError:
            raise invalid(pointer, "must be a date: YYYY-MM-DD") from None
    return value


def utc_text(value, pointer):
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        raise invalid(pointer, "must be an ISO 8601 date-time, such as 2026-05-01T09:00:00Z") from None
    if moment.tzinfo is not None:
        try:
            moment = moment.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        except OverflowError:  # 9999-12-31T23:00:00-05:00 is in year 10000 in UTC
            raise invalid(pointer, "must be a date-time between the years 1 and 9999 in UTC") from None
    return moment.isoformat(sep=" ")


def _parameter(name, parse):
    """Runs a body-style parser on a query-string value; its problems name the parameter."""
    try:
        return parse()
    except Problem as problem:
        kept = {key: problem.extra[key] for key in ("allowed", "did_you_mean") if key in problem.extra}
        raise invalid_parameter(name, problem.detail.split(": ", 1)[1], **kept) from None


def from_text(column, text, parameter):
    """A query-string value as the JSON value it stands for, by the column's type."""
    sql_type = column.sql_type
    if sql_type.startswith("tinyint(1)") and text in ("true", "false"):
        return text == "true"
    if "int" in sql_type:
        if not INTEGER.fullmatch(text):
            raise invalid_parameter(parameter, f"must be a whole number ({sql_type})")
        return int(text)
    if sql_type.startswith(("decimal", "float", "double")):
        if not DECIMAL.fullmatch(text):
            raise invalid_parameter(parameter, f"must be a number ({sql_type})")
        return float(text)
    return text


def parse_sort(kind, view, terms, pointer):
    if terms is None:
        terms = list(kind.default_sort)
    if not isinstance(terms, list) or not terms or len(terms) > MAX_SORT:
        raise invalid(pointer, f"sort is a list of 1 to {MAX_SORT} field names, each with '-' for descending")
    sort, seen = [], set()
    for i, term in enumerate(terms):
        if not isinstance(term, str):
            raise invalid(f"{pointer}/{i}", "must be a field name, with '-' for descending")
        name = term[1:] if term.startswith("-") else term
        if name in seen:
            raise invalid(f"{pointer}/{i}", f"{name} is sorted on twice")
        seen.add(name)
        sort.append((searchable(kind, view, name, f"{pointer}/{i}"), term.startswith("-")))
    if TIEBREAK not in seen:
        sort.append((view.by_name[TIEBREAK], False))
    return sort


def bounded(value, name, low, high, pointer):
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise invalid(pointer, f"{name} must be a whole number from {low} to {high}")
    return value


def from_body(registry, kind, body, cursor_key):
    """A POST .../search body as a Query."""
    keys = body_keys(kind)
    for key in body:
        if key not in keys:
            raise invalid(f"/{_escape(key)}", "unknown key", allowed=keys)
    if not isinstance(body.get("view", "default"), str) or body.get("view", "default") not in kind.views:
        raise invalid("/view", f"{kind.name} has the views {', '.join(kind.views)}", allowed=list(kind.views))
    view = kind.views[body.get("view", "default")]
    query = Query(kind, view, include_deleted=body.get("include_deleted") is True)
    if "where" in body:
        query.where = Compiler(registry, query).node(body["where"], kind, view, "q0", "/where", 1)
    query.sort = parse_sort(kind, view, body.get("sort"), "/sort")
    query.limit = bounded(body.get("limit", DEFAULT_LIMIT), "limit", 1, MAX_LIMIT, "/limit")
    query.offset = bounded(body.get("offset", 0), "offset", 0, 10**9, "/offset")
    if not isinstance(body.get("count", False), bool):
        raise invalid("/count", "must be true or false")
    query.count = body.get("count", False)
    if not isinstance(body.get("include_deleted", False), bool):
        raise invalid("/include_deleted", "must be true or false")
    query.include_deleted = body.get("include_deleted", False)
    if body.get("cursor") is not None:
        query.after = read_cursor(cursor_key, body["cursor"], query.sort, "/cursor")
    if query.after is not None and query.offset:
        raise invalid("/offset", "send either cursor or offset, not both")
    return query


def from_query_string(registry, kind, params, cursor_key):
    """A GET list's query string as a Query: its list parameters, and its filters as the search
    conditions they stand for (query_conditions)."""
    view = kind.view(params.get("view", "default"))
    query = Query(kind, view)
    conditions, parameters = query_conditions(kind, view, params)
    if conditions:
        try:
            query.where = Compiler(registry, query).node({"and": conditions}, kind, view, "q0", "", 1)
        except Problem as problem:
            raise _as_parameter(problem, parameters) from None
    try:
        _read_list_parameters(query, params, conditions, cursor_key)
    except Problem as problem:
        raise _with_filter_hint(problem, view) from None
    return query


def _read_list_parameters(query, params, conditions, cursor_key):
    kind, view = query.kind, query.view
    query.include_deleted = kind.soft_delete and boolean_parameter(params, "include_deleted")
    sort = params.get("sort")
    if not sort:
        filtered = [c["field"] for c in conditions if c["op"] == "eq" and c["field"] in kind.filtered_sort]
        sort = ",".join(kind.filtered_sort[filtered[0]]) if filtered else None
    query.sort = _parameter("sort", lambda: parse_sort(kind, view, sort.split(",") if sort else None, "sort"))
    query.limit = _number(params, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    query.offset = _number(params, "offset", 0, 0, 10**9)
    query.count = boolean_parameter(params, "count")
    if params.get("cursor"):
        query.after = _parameter("cursor", lambda: read_cursor(cursor_key, params["cursor"], query.sort, "cursor"))
        if query.offset:
            raise invalid_parameter("offset", "send either cursor or offset, not both")


def body_keys(kind):
    return [key for key in BODY_KEYS if key != "include_deleted" or kind.soft_delete]


def list_parameters(kind):
    return [name for name in LIST_PARAMETERS if name != "include_deleted" or kind.soft_delete]


def query_conditions(kind, view, params):
    """The search conditions a GET list's filters stand for, and the parameter each came from.
    `<field>=v` is eq (repeated: in) for a field not named like a list parameter;
    `<field>__<op>=v` takes any operator, for any searchable field; a type's parameter_aliases
    are other names for either."""
    reserved = list_parameters(kind)
    conditions, parameters = [], []
    for alias in dict.fromkeys(params.keys()):
        name = kind.parameter_aliases.get(alias, alias)
        if name in reserved:
            continue
        field, op = _filter(view, name)
        if field is None:
            raise _unknown_filter(alias, kind, view)
        conditions.append(_condition(field, op, params.getlist(alias), alias))
        parameters.append(alias)
    return conditions, parameters


def _filter(view, name):
    """The searchable field and operator a filter parameter names, or (None, None)."""
    field_name, _, op = name.rpartition("__")
    if not (field_name and op in OPERATORS):
        field_name, op = name, "eq"
    field = view.by_name.get(field_name)
    return (field, op) if field is not None and field.searchable else (None, None)


def _condition(field, op, texts, parameter):
    shape = OPERATORS[op].value
    if op == "eq" and len(texts) > 1:
        op, shape = "in", "list"
    if shape == "flag":
        return {"field": field.name, "op": op, "value": _flag(texts[-1], parameter)}
    values = [from_text(field, text, parameter) for text in texts]
    if shape == "list":
        return {"field": field.name, "op": op, "value": values}
    if shape == "pair":
        if len(values) != 2:
            raise invalid_parameter(parameter, "give it twice: the low value, then the high value")
        return {"field": field.name, "op": op, "value": values}
    if len(values) > 1:
        raise invalid_parameter(parameter, f"given {len(values)} times; {op} takes one value")
    return {"field": field.name, "op": op, "value": values[0]}


def _unknown_filter(name, kind, view):
    fields = [f.name for f in view.fields if f.searchable]
    reserved = list_parameters(kind)
    allowed = [*reserved, *(f for f in fields if f not in reserved), *kind.parameter_aliases]
    problem = suggest(unknown_parameter(name, allowed), name.rpartition("__")[0] or name, fields + reserved,
                      " Did you mean {}?")
    problem.detail += (f" A filter is <field>=value or <field>__<operator>=value, with a searchable field"
                       f" of {kind.name} and an operator of {', '.join(OPERATORS)}.")
    return problem


def _with_filter_hint(problem, view):
    """A list parameter named like a field, refused: say how to filter on that field instead."""
    name = problem.extra.get("parameter")
    field = view.by_name.get(name or "")
    if field is not None and field.searchable and name in LIST_PARAMETERS:
        problem.detail += f" ({name} is a list parameter here; to filter on the field {name}, use {name}__eq=...)"
    return problem


# How every flag of a query string is spelled (count, include_deleted, include_hidden,
# include_disabled): true or false, 1 or 0, as a flag field's filter (?hide=1) takes them too.
# A search body's flags (count, include_deleted) are JSON true and false.
FLAGS = {"true": True, "1": True, "false": False, "0": False}


def boolean_parameter(params, name):
    return _flag(params.get(name, "false"), name)


def _flag(text, parameter):
    flag = FLAGS.get(text)
    if flag is None:
        raise invalid_parameter(parameter, "must be true, false, 1 or 0")
    return flag


def refuse_query_string(params):
    """A search reads its body only: a query parameter is refused by name, as lists refuse the
    ones they do not know."""
    for name in params:
        where = f"send {name} in the body" if name in BODY_KEYS else "send the search's options in the body"
        raise unknown_parameter(name, (), f"A search takes no query parameters: {where}.")


def _as_parameter(problem, parameters):
    """A problem found in the conditions built from a query string, told about its parameter."""
    index = int(problem.extra["pointer"].split("/")[2])
    return invalid_parameter(parameters[index], problem.detail.split(": ", 1)[1])


def _number(params, name, default, low, high):
    raw = params.get(name)
    if raw is None:
        return default
    if not WHOLE.fullmatch(raw) or not low <= int(raw) <= high:
        raise invalid_parameter(name, f"must be a whole number from {low} to {high}")
    return int(raw)


# Keyset pagination: a cursor carries the sort and the last row's sort values. MariaDB puts
# nulls first in ascending order and last in descending order; the conditions below follow that.

def sort_terms(sort):
    return [("-" if desc else "") + column.name for column, desc in sort]


def make_cursor(key, sort, document):
    """The sort and the last object's sort values (as the client got the object), signed: a
    cursor the API did not give out (or one changed by hand) is refused before anything in it
    is read."""
    values = [_plain(document[column.name], column) for column, _ in sort]
    payload = _b64(json.dumps({"s": sort_terms(sort), "v": values}, separators=(",", ":")).encode())
    return f"{payload}.{_signature(key, payload)}"


def _signature(key, payload):
    return _b64(hmac.new(key, payload.encode(), hashlib.sha256).digest()[:16])


def _b64(raw):
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _plain(value, column):
    """An answer's value as the keyset compares it: a datetime's ISO text in UTC without T and Z."""
    if isinstance(value, str) and column.sql_type.startswith(("datetime", "timestamp")):
        return value.replace("T", " ").rstrip("Z")
    return value


def read_cursor(key, text, sort, pointer):
    payload, _, signature = text.partition(".") if isinstance(text, str) and text.isascii() else ("", "", "")
    if not signature or not hmac.compare_digest(signature, _signature(key, payload)):
        raise invalid(pointer, "not a cursor this API gave out")
    data = _cursor_data(payload)
    if data is None:
        raise invalid(pointer, "not a cursor this API gave out")
    if data["s"] != sort_terms(sort):
        raise invalid(pointer, "this cursor belongs to a list in another sort order")
    if len(data["v"]) != len(sort):
        raise invalid(pointer, "not a cursor this API gave out")
    return data["v"]


def page_parameters(params, key, sort, default_limit, max_limit):
    """`limit` and `cursor` of a GET list that pages in `sort` (lookup lists): the limit, and the
    sort values of the cursor's row or None. Either one wrong is a 400 naming it."""
    limit = _number(params, "limit", default_limit, 1, max_limit)
    if not params.get("cursor"):
        return limit, None
    return limit, _parameter("cursor", lambda: read_cursor(key, params["cursor"], sort, "cursor"))


def _cursor_data(payload):
    """A signed payload as make_cursor wrote it ({"s": [terms], "v": [plain values]}), or None:
    whoever holds the key (another version, another deployment) may have signed something else."""
    try:
        data = parse_json(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (Problem, ValueError):
        return None
    plain = (str, int, float, type(None))
    if (not isinstance(data, dict) or not isinstance(data.get("s"), list) or not isinstance(data.get("v"), list)
            or not all(isinstance(value, plain) for value in data["v"])):
        return None
    return data


class Sql:
    """Builds the statements of one Query; each takes the tenant filter from `scope`.
    `parent` is the URL parent's type for a nested URL, else None."""

    def __init__(self, query, parent=None):
        self.query = query
        self.parent = parent

    def scope(self, one=False):
        """The one tenant filter of every read: the caller's account, the URL parent, the object,
        and (unless include_deleted) no soft-deleted rows. The parent is matched on its internal
        id, so the child's (account, parent, sort) index serves the page."""
        alive = not self.query.include_deleted
        clauses = ["q0.`account_id` = %(account)s"]
        if self.parent:
            clauses.append(
                f"q0.{quoted(self.query.kind.parent_column)} = (SELECT p.`id` FROM {quoted(self.parent.default.relation)}"
                " AS p WHERE p.`id_random` = %(parent)s AND p.`account_id` = %(account)s"
                + (self.parent.alive("p") if alive else "") + ")"
            )
        if one:
            clauses.append("q0.`id_random` = %(id)s")
        return " AND ".join(clauses) + (self.query.kind.alive("q0") if alive else "")

    def filters(self):
        return self.scope() + (f" AND {self.query.where}" if self.query.where else "")

    def page(self):
        query = self.query
        where = self.filters()
        if query.after is not None:
            where += " AND " + self.keyset()
        order = ", ".join(f"q0.{quoted(column.name)}{' DESC' if desc else ''}" for column, desc in query.sort)
        query.params.update(limit=query.limit + 1, offset=query.offset)
        return (f"SELECT {query.view.select_list} FROM {quoted(query.view.relation)} AS q0 WHERE {where}"
                f" ORDER BY {order} LIMIT %(limit)s OFFSET %(offset)s")

    def count(self):
        return f"SELECT COUNT(*) AS total FROM {quoted(self.query.view.relation)} AS q0 WHERE {self.filters()}"

    def one(self):
        view = self.query.view
        return f"SELECT {view.select_list} FROM {quoted(view.relation)} AS q0 WHERE {self.scope(one=True)}"

    def keyset(self):
        """Rows after the cursor's row in the sort order: an OR over 'equal so far, then after'."""
        compiler = Compiler(None, self.query)
        disjuncts, equal = [], []
        for (column, desc), value in zip(self.query.sort, self.query.after):
            name = f"q0.{quoted(column.name)}"
            bound = None if value is None else compiler.bind(value)
            if value is None:
                after = None if desc else f"{name} IS NOT NULL"
            else:
                after = f"({name} < {bound} OR {name} IS NULL)" if desc else f"{name} > {bound}"
            if after:
                disjuncts.append("(" + " AND ".join(equal + [after]) + ")")
            equal.append(f"{name} IS NULL" if value is None else f"{name} = {bound}")
        return "(" + (" OR ".join(disjuncts) or "FALSE") + ")"
