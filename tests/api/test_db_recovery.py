from dataclasses import replace

from api.app import create_app
from tests.api.conftest import assert_problem
from tests.client import AppClient
from tests.proxy import TcpProxy


def test_api_answers_503_while_the_database_is_down_and_recovers_without_restart(settings, db_url, tenant):
    proxy = TcpProxy(db_url.host, db_url.port)
    through_proxy = replace(settings, db_url=replace(db_url, host="127.0.0.1", port=proxy.port).url())
    keys = tenant.headers("admin")
    with AppClient(create_app(through_proxy)) as client:
        assert_problem(client.get("/v3/auth/api-keys", headers=keys), 503, "db_unavailable")
        assert_problem(client.get("/health"), 503, "db_down")

        proxy.up()
        assert client.get("/v3/auth/api-keys", headers=keys).status_code == 200
        assert client.get("/health").status_code == 200

        proxy.down()
        assert_problem(client.get("/v3/auth/api-keys", headers=keys), 503, "db_unavailable")

        proxy.up()
        for _ in range(3):
            assert client.get("/v3/auth/api-keys", headers=keys).status_code == 200
    proxy.down()


def test_a_connection_lost_in_the_pool_is_retried_on_a_fresh_one(settings, db_url, tenant):
    proxy = TcpProxy(db_url.host, db_url.port)
    proxy.up()
    through_proxy = replace(settings, db_url=replace(db_url, host="127.0.0.1", port=proxy.port).url())
    keys = tenant.headers("admin")
    with AppClient(create_app(through_proxy)) as client:
        assert client.get("/v3/auth/api-keys", headers=keys).status_code == 200
        proxy.down()
        proxy.up()
        assert client.get("/v3/auth/api-keys", headers=keys).status_code == 200
    proxy.down()
