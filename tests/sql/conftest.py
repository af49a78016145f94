import json

import pymysql
import pytest

from api.registry import Registry
from tests.samples import Builder, body


@pytest.fixture()
def call(sql):
    """call("proc", arg, ...) -> the rows of the procedure's first result set."""
    def run(procedure, *args):
        with sql.cursor() as cursor:
            cursor.execute(f"CALL {procedure}({', '.join(['%s'] * len(args))})", args)
            return list(cursor.fetchall())
    return run


@pytest.fixture()
def query(sql):
    def run(statement, *args):
        with sql.cursor() as cursor:
            cursor.execute(statement, args)
            return list(cursor.fetchall())
    return run


def refused(function, *args, **kwargs):
    """(errno, message) of the error a call must raise."""
    with pytest.raises(pymysql.err.MySQLError) as excinfo:
        function(*args, **kwargs)
    return signalled(excinfo)


def signalled(excinfo):
    """(errno, message) of a pymysql error raised by SIGNAL."""
    assert isinstance(excinfo.value, pymysql.err.MySQLError)
    return excinfo.value.args[0], excinfo.value.args[1]


@pytest.fixture()
def registry(sql):
    """The registry as the API loads it, to build the API's own statements."""
    return Registry.read(sql)


class SqlTenant:
    def __init__(self, call, query, name):
        self.call, self.query = call, query
        self.account_id_random = call("account_create", f"{name} {body('journal')['code']}", None)[0]["id_random"]
        self.account = query("SELECT id FROM account WHERE id_random = %s", self.account_id_random)[0]["id"]
        self.builder = Builder(self.insert)

    def procedure(self, kind, operation):
        return self.query(f"SELECT {operation}_procedure AS p FROM crud_type WHERE name = %s", kind)[0]["p"]

    def insert(self, kind, parent, data):
        rows = self.call(self.procedure(kind, "insert"), kind, self.account, parent, json.dumps(data))
        assert len(rows) == 1
        return rows[0]

    def update(self, kind, id_random, data, parent=None):
        return self.call(self.procedure(kind, "update"), kind, self.account, parent, id_random, json.dumps(data))[0]

    def delete(self, kind, id_random, parent=None):
        return self.call(self.procedure(kind, "delete"), kind, self.account, parent, id_random)

    def make(self, kind, parent=None, **fields):
        return self.builder.make(kind, parent, **fields)

    def rows(self, kind, **where):
        clauses = " AND ".join([f"`{k}` = %s" for k in where] + ["account_id = %s"])
        return self.query(f"SELECT * FROM v_{kind} WHERE {clauses}", *where.values(), self.account)


@pytest.fixture()
def alpha(call, query):
    return SqlTenant(call, query, "SQL Alpha")


@pytest.fixture()
def beta(call, query):
    return SqlTenant(call, query, "SQL Beta")
