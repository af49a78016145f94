"""Uploads that fail half way, against real servers: the client goes away, the database stops
during the transaction, the disk fills up. Each leaves no row, no new blob and no temporary file."""

import contextlib
import json
import os
import subprocess
import threading
from dataclasses import replace

import httpx
import pytest

from api.db import connect_sync
from tests.api.conftest import assert_problem
from tests.api.test_serve import AETHER, served
from tests.api.uploads import (Store, multipart_head, raw_upload, rows, server, sha256, store,  # noqa: F401
                               unique_pdf, uploader)
from tests.proxy import TcpProxy


@pytest.fixture()
def alpha(server, client, services):
    return uploader(server, client, services, "Faults")


def test_a_client_that_disconnects_mid_upload_leaves_nothing(alpha, server, store, sql):
    with raw_upload(server, alpha, declared=3 * 1024 * 1024, body_start=multipart_head("BOUNDARY")) as sock:
        sock.sendall(b"a" * 1024 * 1024)
        store.wait_until(lambda: store.temps() != [], "the upload is being written")
    store.wait_until(lambda: store.temps() == [], "the temporary file is removed")
    assert rows(sql, "v_event_file", event_id_random=alpha.event) == []
    assert alpha.upload(unique_pdf()).status_code == 201  # the server carries on


@contextlib.contextmanager
def hosted_files_locked(db_url):
    """Holds a write lock on the hosted_file table: an upload, its references checked, waits
    inside its transaction at its first insert."""
    with connect_sync(db_url) as conn, conn.cursor() as cursor:
        cursor.execute("LOCK TABLES hosted_file WRITE")
        try:
            yield cursor
        finally:
            cursor.execute("UNLOCK TABLES")


def waiting_upload_thread(db_url):
    """The MariaDB thread of an upload waiting for that lock, once there is one."""
    with connect_sync(db_url) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT id FROM information_schema.PROCESSLIST WHERE state LIKE '%%lock%%'"
                       " AND (info LIKE 'CALL event_file_upload(%%' OR info LIKE 'INSERT INTO hosted_file%%')")
        found = cursor.fetchone()
    return found and found["id"]


def test_the_database_stopping_during_the_transaction_answers_503_and_keeps_nothing(
        settings, db_url, client, services, tmp_path, sql):
    proxy = TcpProxy(db_url.host, db_url.port)
    proxy.up()
    through_proxy = replace(db_url, host="127.0.0.1", port=proxy.port).url()
    files = tmp_path / "files"
    with served(replace(settings, db_url=through_proxy), AE_FILES_DIR=str(files)) as url:
        alpha = uploader(url, client, services, "Stopped")
        store, content, answer = Store(files), unique_pdf(), {}
        with hosted_files_locked(db_url) as locked:
            upload = threading.Thread(target=lambda: answer.update(response=alpha.upload(content)))
            upload.start()
            store.wait_until(lambda: waiting_upload_thread(db_url), "the upload waits in its transaction")
            assert store.blob(sha256(content)).exists()  # kept before the rows, as designed
            proxy.down()  # the database goes away: connections cut...
            locked.execute(f"KILL {waiting_upload_thread(db_url)}")  # ...and its transaction with them
            upload.join(30)
        assert_problem(answer["response"], 503, "db_unavailable")
        assert not store.blob(sha256(content)).exists() and store.temps() == []
        assert rows(sql, "hosted_file", hash_sha256=sha256(content)) == []
        proxy.up()
        assert alpha.upload(content).status_code == 201  # and it recovers


@pytest.fixture()
def tiny_disk(tmp_path):
    """A 2 MiB tmpfs. Mounting needs root (CI runs as root); without it, a user namespace."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_a_full_disk_answers_507_and_keeps_nothing(settings, client, services, tiny_disk, sql):
    with served(settings, AE_FILES_DIR=str(tiny_disk)) as url:
        alpha = uploader(url, client, services, "Full")
        store, content = Store(tiny_disk), unique_pdf(3 * 1024 * 1024)
        assert_problem(alpha.upload(content), 507, "insufficient_storage")
        assert store.temps() == [] and not store.blob(sha256(content)).exists()
        assert rows(sql, "hosted_file", hash_sha256=sha256(content)) == []
        small = unique_pdf(1000)
        assert alpha.upload(small).status_code == 201 and store.blob(sha256(small)).exists()


def test_files_gc_removes_unreferenced_blobs_and_stale_temporary_files_only(settings, client, services, server,
                                                                           store, tmp_path):
    alpha = uploader(server, client, services, "Collect")
    content = unique_pdf()
    alpha.upload(content)
    mine = Store(tmp_path / "files")
    for blob, data in ((sha256(content), content), (sha256(b"left by a crash"), b"left by a crash")):
        mine.blob(blob).parent.mkdir(parents=True, exist_ok=True)
        mine.blob(blob).write_bytes(data)
    (mine.root / "tmp").mkdir()
    stale, fresh = mine.root / "tmp" / "upload-stale", mine.root / "tmp" / "upload-fresh"
    stale.write_bytes(b"x")
    fresh.write_bytes(b"y")
    os.utime(stale, (0, 0))
    env = {**os.environ, "AE_DB_URL": settings.db_url, "AE_FILES_DIR": str(mine.root)}
    dry = subprocess.run([AETHER, "files-gc", "--dry-run", "--json"], env=env, capture_output=True, text=True)
    assert json.loads(dry.stdout) == {"blobs_kept": 1, "blobs_removed": 1, "bytes_removed": 15,
                                      "temp_files_removed": 1}
    assert mine.blob(sha256(b"left by a crash")).exists() and stale.exists()
    done = subprocess.run([AETHER, "files-gc"], env=env, capture_output=True, text=True)
    assert done.stdout == ("files-gc: 1 files kept; removed 1 unused files (15 bytes) and 1 temporary files\n")
    assert not mine.blob(sha256(b"left by a crash")).exists() and not stale.exists()
    assert fresh.exists() and mine.blob(sha256(content)).read_bytes() == content


def test_racing_uploads_and_deletes_of_the_same_content_never_lose_a_file_in_use(server, client, services, store,
                                                                                  sql):
    """Two accounts upload and delete the same bytes at once, many times: whenever a hosted_file
    names the content its blob is there, and once none does, it is gone."""
    tenants = [uploader(server, client, services, name) for name in ("RaceA", "RaceB")]
    for _ in range(8):
        content = unique_pdf()
        barrier = threading.Barrier(2)

        def upload_then_delete(tenant):
            barrier.wait()
            hosted = tenant.upload(content).json()["hosted_file"]
            if tenant is tenants[0]:
                httpx.delete(f"{server}/v3/crud/hosted_file/{hosted['id_random']}", headers=tenant.headers())
        threads = [threading.Thread(target=upload_then_delete, args=(tenant,)) for tenant in tenants]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert len(rows(sql, "hosted_file", hash_sha256=sha256(content))) == 1
        assert store.blob(sha256(content)).read_bytes() == content
        [left] = rows(sql, "v_hosted_file", hash_sha256=sha256(content))
        httpx.delete(f"{server}/v3/crud/hosted_file/{left['id_random']}", headers=tenants[1].headers())
        assert not store.blob(sha256(content)).exists()
