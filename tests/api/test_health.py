import os
import socket

from api.app import create_app
from api.config import Settings
from tests.api.conftest import assert_problem
from tests.client import AppClient


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_health_is_ok_when_db_and_redis_answer(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "db": "ok", "redis": "ok", "worker": os.getpid()}


def test_health_is_503_naming_the_database_when_it_is_down(settings):
    down = Settings(**{**settings.__dict__, "db_url": f"mysql://root@127.0.0.1:{closed_port()}/aether"})
    with AppClient(create_app(down)) as client:
        body = assert_problem(client.get("/health"), 503, "db_down")
        assert body["db"] == "down" and body["redis"] == "ok"


def test_redis_down_is_degraded_not_fatal(settings):
    degraded = Settings(**{**settings.__dict__, "redis_url": f"redis://127.0.0.1:{closed_port()}/0"})
    with AppClient(create_app(degraded)) as client:
        response = client.get("/health")
        assert response.status_code == 200
        assert response.json() == {"status": "degraded", "db": "ok", "redis": "down", "worker": os.getpid()}


def test_requests_work_without_redis(settings, client, tenant):
    degraded = Settings(**{**settings.__dict__, "redis_url": f"redis://127.0.0.1:{closed_port()}/0"})
    with AppClient(create_app(degraded)) as other:
        assert other.get("/v3/auth/me", headers=tenant.headers("read")).status_code == 200
