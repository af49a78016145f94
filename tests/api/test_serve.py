"""`aether serve` runs the real ASGI app (api.app:app) under uvicorn."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

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


def test_serve_answers_health_and_refuses_anonymous_calls(settings, tenant):
    port = free_port()
    env = {**os.environ, "AE_DB_URL": settings.db_url, "AE_REDIS_URL": settings.redis_url}
    process = subprocess.Popen([AETHER, "serve", "--port", str(port)], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        health = wait_for(f"http://127.0.0.1:{port}/health", process)
        assert health.json() == {"status": "ok", "db": "ok", "redis": "ok"}
        assert httpx.get(f"http://127.0.0.1:{port}/v3/auth/me").status_code == 401
        me = httpx.get(f"http://127.0.0.1:{port}/v3/auth/me", headers=tenant.headers("read"))
        assert me.json()["account_id_random"] == tenant.account
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serve_refuses_to_start_in_production_with_the_development_key(settings):
    env = {**os.environ, "AE_ENV": "production", "AE_DB_URL": settings.db_url}
    env.pop("AE_API_JWT_KEY", None)
    result = subprocess.run([AETHER, "serve", "--port", str(free_port())], env=env,
                            capture_output=True, text=True, timeout=30)
    assert result.returncode != 0 and "AE_API_JWT_KEY" in result.stderr
