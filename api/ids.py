"""Public ids and names as the API reads them, before any SQL.

An id_random is 11 characters of A-Z, a-z, 0-9, '-' and '_'; a type name is lower_snake_case,
at most 64 characters. In a URL (`{id:id}`, `{type:name}`) anything else matches no route, so
it is a 404; in a header, a query parameter or a body the reader says what is wrong.
"""

import re

from starlette.convertors import Convertor, register_url_convertor

ID_PATTERN = "[A-Za-z0-9_-]{11}"
NAME_PATTERN = "[a-z_][a-z0-9_]{0,63}"
ID_RANDOM = re.compile(ID_PATTERN)
NAME = re.compile(NAME_PATTERN)


def is_id_random(value):
    return isinstance(value, str) and ID_RANDOM.fullmatch(value) is not None


def is_name(value):
    return isinstance(value, str) and NAME.fullmatch(value) is not None


class _Pattern(Convertor):
    def __init__(self, regex):
        self.regex = regex

    def convert(self, value):
        return value

    def to_string(self, value):
        return value


def anchored(routes):
    """The routes, each matching its path with or without one trailing slash (so nothing ever
    redirects), and only up to the end of the path: Starlette ends a route's pattern with `$`,
    which also matches before a final newline (/v3/crud/event/<id>%0A read, changed or deleted
    <id>). One pattern per route: a path matches in one pass, written either way."""
    for route in routes:
        pattern = route.path_regex.pattern.removesuffix("$").removesuffix("/")
        route.path_regex = re.compile(pattern + r"/?\Z", route.path_regex.flags)
    return routes


def register_url_convertors():
    """`{x:id}` and `{x:name}` in route paths; call before building the routes."""
    register_url_convertor("id", _Pattern(ID_PATTERN))
    register_url_convertor("name", _Pattern(NAME_PATTERN))
