import pymysql
import pytest


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


def signalled(excinfo):
    """(errno, message) of a pymysql error raised by SIGNAL."""
    assert isinstance(excinfo.value, pymysql.err.MySQLError)
    return excinfo.value.args[0], excinfo.value.args[1]
