"""A refused field's rule in words: what the column takes (its type with an example, its length,
its range) and what its CHECK constraint asks, read from what MariaDB reports about the schema.

CHECK_WORDS is the one table of constraint shapes we write in migrations; a clause of another
shape is answered with the generic "fails its check"."""

import re
from dataclasses import dataclass

from api.problems import suggest

CHECKS_SQL = (
    "SELECT TABLE_NAME AS relation, CONSTRAINT_NAME AS name, CHECK_CLAUSE AS clause"
    " FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()"
)
NUMBER = r"(-?[0-9.]+)"
INTEGER_RANGES = {"tinyint": 8, "smallint": 16, "mediumint": 24, "int": 32, "bigint": 64}


@dataclass(frozen=True)
class CheckShape:
    pattern: str
    words: str


CHECK_WORDS = tuple(CheckShape(re.compile(pattern, re.I), words) for pattern, words in (
    (rf"^`(\w+)` between {NUMBER} and {NUMBER}$", "must be from {1} to {2}"),  # first: expected() reads it
    (r"^trim\(`(\w+)`\) <> ''$", "must not be blank"),
    (r"^`(\w+)` >= `(\w+)`$", "must not be before {1}"),
    (r"^`(\w+)` like '_%@_%'$", "must be an email address, such as ada@example.test"),
    (r"^`(\w+)` regexp '\^\[a-z0-9\]", "must be a host name in lower case, with an optional :port, such as"
                                       " events.example.test"),
    (r"^json_valid\(`(\w+)`\)$", "must be valid JSON"),
    (r"^trim\(`(\w+)`\) not in \('','\.','\.\.'\) and !\(`\w+` regexp '\[/",
     "must be a file name, not a path: no / or \\, no control characters, not blank, . or .."),
    (r"^`(\w+)` in \((.*)\)$", "must be one of {1}"),
))


def check_words(clause):
    for shape in CHECK_WORDS:
        match = shape.pattern.match(clause or "")
        if match:
            return shape.words.format(*match.groups()).replace("'", "")
    return "fails its check"


def expected(field, check=None):
    """What a field takes, in words, with an example; a number's range is its CHECK's when it
    has one (importance_score: 0 to 1), else its column's."""
    between = CHECK_WORDS[0].pattern.match(check or "")
    if between and field.sql_type.split("(")[0] in (*INTEGER_RANGES, "decimal", "float", "double"):
        whole = field.sql_type.split("(")[0] in INTEGER_RANGES
        return f"a {'whole number' if whole else 'number'} from {between.group(2)} to {between.group(3)}"
    sql_type = field.sql_type
    base = sql_type.split("(")[0].split(" ")[0]
    if field.is_json:
        return "any JSON value"
    if field.is_id:
        return "an id_random, such as aB3_xYz9QwE"
    if sql_type.startswith("tinyint(1)"):
        return "true or false"
    if base in INTEGER_RANGES:
        low, high = integer_range(sql_type)
        return f"a whole number from {low} to {high}, such as 3"
    if base in ("decimal", "float", "double"):
        return f"a number{_decimal_range(sql_type)}, such as 0.5"
    if base in ("datetime", "timestamp"):
        return "a date-time in ISO 8601, such as 2026-05-12T09:30:00Z (UTC) or 2026-05-12T11:30:00+02:00"
    if base == "date":
        return "a date in ISO 8601, such as 2026-05-12"
    if base == "enum":
        return "one of " + sql_type[5:-1].replace("'", "").replace(",", ", ")
    if field.max_length:
        return f"text of at most {field.max_length} characters"
    return "text"


def integer_range(sql_type):
    bits = INTEGER_RANGES[sql_type.split("(")[0]]
    if "unsigned" in sql_type:
        return 0, 2**bits - 1
    return -(2 ** (bits - 1)), 2 ** (bits - 1) - 1


def _decimal_range(sql_type):
    match = re.match(r"decimal\((\d+),(\d+)\)", sql_type)
    if not match:
        return ""
    digits, scale = int(match.group(1)), int(match.group(2))
    top = "9" * (digits - scale) + ("." + "9" * scale if scale else "")
    return f" from -{top} to {top}"


def explain(problem, kind, checks):
    """The same problem, its detail stating the rule the field broke (a 422 on a field of `kind`)."""
    view = kind.views["default"]
    name = problem.extra.get("field")
    if problem.status != 422 or not name:
        return problem
    detail = problem.detail
    field = view.by_name.get(name)
    if detail.endswith("unknown field for " + kind.name):
        suggest(problem, name, kind.writable)
    elif field is None:
        return problem
    elif detail.endswith("is too long"):
        problem.detail = f"{name}: is too long: at most {field.max_length} characters"
    elif detail.endswith(("has a value of the wrong type", "is out of range", "must be a whole number, such as 3",
                          "must be a number, such as 0.5", "has a value that is not allowed")):
        problem.detail = f"{name}: must be {expected(field, checks.get((kind.table, name)))}"
    elif detail.endswith("fails its check"):
        check = checks.get((kind.table, name))
        in_range = CHECK_WORDS[0].pattern.match(check or "")
        problem.detail = f"{name}: {f'must be {expected(field, check)}' if in_range else check_words(check)}"
    return problem
