"""What the file tests share: a real `aether serve` (uploads stream, clients disconnect), a
tenant with an event, multipart bodies built by hand for raw sockets, and a look at the store."""

import hashlib
import secrets
import socket
import time
from pathlib import Path

import httpx
import pytest

from tests.api.conftest import make_tenant
from tests.api.test_serve import served

LIMIT = 4 * 1024 * 1024  # AE_MAX_UPLOAD_BYTES of the test server
PDF = b"%PDF-1.4\n" + b"0" * 100


@pytest.fixture(scope="module")
def server(settings):
    with served(settings, AE_MAX_UPLOAD_BYTES=str(LIMIT), AE_LOG_LEVEL="WARNING") as url:
        yield url


@pytest.fixture()
def store(settings):
    return Store(Path(settings.files_dir))


class Store:
    def __init__(self, root):
        self.root = root

    def blob(self, digest):
        return self.root / "sha256" / digest[:2] / digest[2:4] / digest

    def temps(self):
        return sorted((self.root / "tmp").glob("upload-*"))

    def wait_until(self, check, what):
        for _ in range(200):
            if check():
                return
            time.sleep(0.05)
        raise AssertionError(f"never: {what}")


class Uploader:
    """A tenant with an event, talking to the real server."""

    def __init__(self, url, tenant, event):
        self.url, self.tenant, self.event = url, tenant, event

    def headers(self, role="write"):
        return self.tenant.headers(role)

    def upload(self, content=PDF, filename="deck.pdf", role="write", event=None, **fields):
        return httpx.post(f"{self.url}/v3/action/event/{event or self.event}/upload", headers=self.headers(role),
                          files={"file": (filename, content)}, data=fields, timeout=30)

    def get(self, path, role="read", **headers):
        return httpx.get(f"{self.url}{path}", headers={**self.headers(role), **headers}, timeout=30)

    def create(self, path, body):
        response = httpx.post(f"{self.url}{path}", headers=self.headers(), json=body, timeout=30)
        assert response.status_code == 201, response.text
        return response.json()["id_random"]


def uploader(server, client, services, name="Files"):
    tenant = make_tenant(client, services.db, name)
    event = httpx.post(f"{server}/v3/crud/event/", headers=tenant.headers("write"),
                       json={"name": f"{name} event"}, timeout=30).json()["id_random"]
    return Uploader(server, tenant, event)


def unique_pdf(size=200):
    return b"%PDF-1.4\n" + secrets.token_bytes(size)


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def multipart_head(boundary, fields=(), filename="big.bin"):
    """The start of a multipart body: text fields, then the headers of the file part."""
    parts = [f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
             for name, value in fields]
    parts.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n"
                 "Content-Type: application/octet-stream\r\n\r\n")
    return "".join(parts).encode()


def raw_upload(url, uploader, declared, body_start, event=None):
    """Opens a connection, sends the request line, the headers (Content-Length `declared`) and
    `body_start` only; answers the open socket."""
    host, port = url.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)), timeout=30)
    path = f"/v3/action/event/{event or uploader.event}/upload"
    head = (f"POST {path} HTTP/1.1\r\nHost: {host}\r\nx-api-key: {uploader.headers()['x-api-key']}\r\n"
            f"Content-Type: multipart/form-data; boundary=BOUNDARY\r\nContent-Length: {declared}\r\n\r\n")
    sock.sendall(head.encode() + body_start)
    return sock


def read_answer(sock):
    """The status and body of the answer on a raw socket (the server answers before the body
    it was promised has arrived, or the read times out and the test fails)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")), 0)
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return int(head.split(b" ")[1]), body


def rows(sql, view, **where):
    with sql.cursor() as cursor:
        cursor.execute(f"SELECT * FROM `{view}` WHERE " + " AND ".join(f"`{k}` = %({k})s" for k in where), where)
        return list(cursor.fetchall())
