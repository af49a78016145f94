"""One throwaway database per test session: created, migrated from the real db/ files, dropped.

MariaDB and Redis come from testcontainers when a Docker engine answers, else from
AE_TEST_DB_URL / AE_TEST_REDIS_URL, else the local servers. Tests isolate themselves by data
(each makes its own accounts), never by rolling back DDL.
"""

import contextlib
import os
import secrets

import pytest

from api import lookup_seed
from api.config import Settings
from api.db import DbUrl, connect_sync
from api.migrate import migrate


def docker_answers():
    try:
        import docker

        docker.from_env(timeout=3).ping()
        return True
    except Exception:
        return False


@contextlib.contextmanager
def containers():
    from testcontainers.community.mysql import MySqlContainer
    from testcontainers.redis import RedisContainer

    with MySqlContainer("mariadb:10.11", root_password="aether") as mariadb, RedisContainer("redis:7") as redis:
        db = f"mysql://root:aether@{mariadb.get_container_host_ip()}:{mariadb.get_exposed_port(3306)}/"
        cache = f"redis://{redis.get_container_host_ip()}:{redis.get_exposed_port(6379)}/0"
        yield db, cache


@pytest.fixture(scope="session")
def servers():
    if docker_answers():
        with containers() as found:
            yield found
    else:
        yield (
            os.environ.get("AE_TEST_DB_URL", "mysql://root@127.0.0.1:3306/"),
            os.environ.get("AE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15"),
        )


@pytest.fixture(scope="session")
def server_url(servers):
    return DbUrl.parse(servers[0])


@pytest.fixture(scope="session")
def redis_url(servers):
    return servers[1]


@contextlib.contextmanager
def throwaway_database(server_url, label="test"):
    url = server_url.with_database(f"aether_{label}_{secrets.token_hex(4)}")
    try:
        yield url
    finally:
        with connect_sync(url, database=False) as conn, conn.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS `{url.database}`")


@pytest.fixture(scope="session")
def db_url(server_url):
    with throwaway_database(server_url) as url:
        migrate(url, say=lambda *_: None)
        with connect_sync(url) as connection:
            lookup_seed.seed(connection, progress=False)
        yield url


@pytest.fixture(scope="session")
def settings(db_url, redis_url, tmp_path_factory):
    """Mail and files go to directories of this session (read mail with tests.api.conftest.mailed_token)."""
    return Settings(db_url=db_url.url(), redis_url=redis_url, db_pool_size=4, db_pool_max_overflow=4,
                    jwt_key="test-jwt-key-" + "x" * 60, mail_dir=str(tmp_path_factory.mktemp("mail")),
                    files_dir=str(tmp_path_factory.mktemp("files")))


@pytest.fixture()
def sql(db_url):
    """A blocking connection to the session's database (strict mode, UTC, dict rows)."""
    with connect_sync(db_url) as conn:
        yield conn
