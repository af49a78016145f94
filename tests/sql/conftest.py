import asyncio

import pymysql
import pytest

from api.registry import Registry


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


class SyncDb:
    """Registry.load over a test's blocking connection."""

    def __init__(self, connection):
        self.connection = connection

    async def fetch_all(self, statement, values=None):
        with self.connection.cursor() as cursor:
            cursor.execute(statement, values)
            return list(cursor.fetchall())


@pytest.fixture()
def registry(sql):
    """The registry as the API loads it, to build the API's own statements."""
    return asyncio.run(Registry.load(SyncDb(sql)))
