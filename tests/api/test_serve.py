"""`aether serve` runs the real ASGI app (api.app:app) under uvicorn."""

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import redis

from api.throttle import counter_keys, subject
from tests.client import random_address

AETHER = str(Path(sys.executable).with_name("aether"))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, process):
    for _ in range(100):
        if process.poll() is not None:
            raise AssertionError(process.stderr.read())
        try:
            return httpx.get(url, timeout=1)
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError("server did not answer")


@contextlib.contextmanager
def served(settings, *options, port=None, cwd=None, **environ):
    """`aether serve` on `port` (default: a free one); yields its base URL once it answers."""
    port = port or free_port()
    env = {**os.environ, "AE_DB_URL": settings.db_url, "AE_REDIS_URL": settings.redis_url,
           "AE_FILES_DIR": settings.files_dir, **environ}
    process = subprocess.Popen([AETHER, "serve", "--port", str(port), *options], env=env, cwd=cwd,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(f"http://127.0.0.1:{port}/health", process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serve_answers_health_and_refuses_anonymous_calls(settings, tenant):
    with served(settings) as url:
        health = httpx.get(f"{url}/health").json()
        assert {**health, "worker": 0} == {"status": "ok", "db": "ok", "redis": "ok", "worker": 0}
        assert httpx.get(f"{url}/v3/auth/me").status_code == 401
        me = httpx.get(f"{url}/v3/auth/me", headers=tenant.headers("read"))
        assert me.json()["account_id_random"] == tenant.account


def failed_login_counted_for(settings, trusted):
    """Whether a failed login sent with a made-up X-Forwarded-For is counted for that address,
    by a server trusting proxies at `trusted`."""
    email, forwarded = f"{secrets.token_hex(5)}@nobody.test", random_address()
    with served(settings, FORWARDED_ALLOW_IPS=trusted) as url:
        response = httpx.post(f"{url}/v3/auth/login", json={"email": email, "password": "wrong"},
                              headers={"x-forwarded-for": forwarded})
        assert response.status_code == 401
    _, address_key, _ = counter_keys(subject(None, email), forwarded)
    with redis.Redis.from_url(settings.redis_url) as client:
        return bool(client.exists(address_key))


def test_behind_a_trusted_proxy_logins_are_counted_per_forwarded_address(settings):
    assert failed_login_counted_for(settings, trusted="127.0.0.1")


def test_a_forwarded_address_from_an_untrusted_peer_is_ignored(settings):
    assert not failed_login_counted_for(settings, trusted="192.0.2.1")


def test_serve_refuses_to_start_in_production_with_the_development_key(settings):
    env = {**os.environ, "AE_ENV": "production", "AE_DB_URL": settings.db_url}
    env.pop("AE_API_JWT_KEY", None)
    result = subprocess.run([AETHER, "serve", "--port", str(free_port())], env=env,
                            capture_output=True, text=True, timeout=30)
    assert result.returncode != 0 and "AE_API_JWT_KEY" in result.stderr


def test_two_workers_both_take_new_connections(settings):
    with served(settings, "--workers", "2") as base:
        workers = set()
        for _ in range(100):
            with httpx.Client() as fresh:  # a new TCP connection each time
                answer = fresh.get(f"{base}/health")
            if answer.status_code == 200:
                workers.add(answer.json()["worker"])
            if len(workers) == 2:
                break
        assert len(workers) == 2
