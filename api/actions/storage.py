"""Content-addressed blobs under AE_FILES_DIR: `sha256/ab/cd/<hash>`, one per distinct content,
however many hosted_file rows of however many accounts name it.

A blob arrives as a temporary file in `tmp/` (same filesystem), fsynced, then renamed into
place. Storing a hash, and removing one nobody references, happen under that hash's lock (one
of 256 lock files, flock: shared by every worker on the machine), so a removal never takes a
blob an upload has just counted on.
"""

import asyncio
import contextlib
import errno
import fcntl
import hashlib
import logging
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

from api.db import CommitUnknown

HASH = re.compile(r"^[0-9a-f]{64}$")
LOCK_POLL_SECONDS = 0.005
# Errors that mean the disk (or the user's quota) is full: the upload is answered 507.
FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
# Any hosted_file of any account: the blob is still needed.
REFERENCED_SQL = "SELECT EXISTS (SELECT 1 FROM hosted_file WHERE hash_sha256 = %(hash)s) AS referenced"

log = logging.getLogger("aether.files")


def is_disk_full(exc):
    return isinstance(exc, OSError) and exc.errno in FULL


class BlobStore:
    def __init__(self, root):
        self.root = Path(root)
        self._stripes = {}  # in-process locks, so coroutines of one worker queue instead of polling

    def path(self, digest):
        return self.root / "sha256" / digest[:2] / digest[2:4] / digest

    def exists(self, digest):
        return self.path(digest).is_file()

    def new_temp(self):
        """An open binary file in tmp/ (same filesystem as the blobs, so a rename is atomic)."""
        folder = self.root / "tmp"
        folder.mkdir(parents=True, exist_ok=True)
        return tempfile.NamedTemporaryFile(dir=folder, prefix="upload-", delete=False)

    @contextlib.asynccontextmanager
    async def locked(self, digest):
        stripe = digest[:2]
        async with self._stripes.setdefault(stripe, asyncio.Lock()):
            with self._lock_file(stripe) as fd:
                while not _try_flock(fd):
                    await asyncio.sleep(LOCK_POLL_SECONDS)
                yield

    @contextlib.contextmanager
    def locked_sync(self, digest):
        with self._lock_file(digest[:2]) as fd:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield

    @contextlib.contextmanager
    def _lock_file(self, stripe):
        folder = self.root / "locks"
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / stripe, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            yield fd
        finally:
            os.close(fd)  # releases the flock

    def keep(self, temp_path, digest):
        """Moves a complete temporary file into place, under the hash's lock. False (and the
        temporary file removed) when the same content is stored already."""
        target = self.path(digest)
        if target.is_file():
            os.unlink(temp_path)
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        os.rename(temp_path, target)
        _fsync_folder(target.parent)
        return True

    def put(self, data):
        """Keeps bytes held in memory (small files: the demo data); answers their hash."""
        digest = hashlib.sha256(data).hexdigest()
        with self.new_temp() as temp:
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        with self.locked_sync(digest):
            self.keep(temp.name, digest)
        return digest

    def remove(self, digest):
        """Removes a blob, under the hash's lock; an error is logged, never raised."""
        try:
            self.path(digest).unlink(missing_ok=True)
            return True
        except OSError as exc:
            log.error("could not remove blob %s: %s", digest, exc)
            return False

    async def keep_and_record(self, temp_path, digest, record):
        """Keeps a complete temporary file as the blob `digest`, then awaits `record()` (the
        transaction that writes the rows naming it). A new blob whose rows were not written is
        removed again, under the hash's lock, so no other writer counts on it yet; after a
        connection lost during COMMIT (the rows may exist) it stays for `aether files-gc`."""
        async with self.locked(digest):
            created = await asyncio.to_thread(self.keep, temp_path, digest)
            try:
                return await record()
            except CommitUnknown:
                log.warning("lost the database during COMMIT; blob %s kept (aether files-gc removes it if "
                            "no hosted_file names it)", digest)
                raise
            except BaseException:
                if created:
                    self.remove(digest)
                raise

    def workdir(self):
        """A fresh folder in tmp/ for work that makes files (same filesystem as the blobs)."""
        folder = self.root / "tmp"
        folder.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix="work-", dir=folder))

    async def forget(self, db, digest):
        """After a hosted_file was deleted: removes its blob when no hosted_file of any account
        names it any more. Never raises: a blob left behind is collected by `aether files-gc`."""
        try:
            async with self.locked(digest):
                if not await db.fetch_val(REFERENCED_SQL, {"hash": digest}):
                    self.remove(digest)
        except Exception as exc:
            log.error("could not check blob %s after a delete (aether files-gc removes it if unused): %s",
                      digest, exc)

    def blobs(self):
        for path in (self.root / "sha256").glob("??/??/*"):
            if HASH.match(path.name):
                yield path.name

    def stale_temps(self, older_than_seconds):
        cutoff = time.time() - older_than_seconds
        for path in (self.root / "tmp").glob("*"):
            with contextlib.suppress(FileNotFoundError):
                if path.stat().st_mtime < cutoff:
                    yield path


def collect_garbage(store, conn, temp_age_seconds=3600, dry_run=False):
    """`aether files-gc`: removes blobs no hosted_file names, and temporary files and work
    folders left by uploads and media work that died (untouched for temp_age_seconds). `conn`: a blocking connection (api.db.connect_sync)."""
    report = {"blobs_kept": 0, "blobs_removed": 0, "bytes_removed": 0, "temp_files_removed": 0}
    for digest in store.blobs():
        with store.locked_sync(digest), conn.cursor() as cursor:
            cursor.execute(REFERENCED_SQL, {"hash": digest})
            if cursor.fetchone()["referenced"]:
                report["blobs_kept"] += 1
                continue
            size = _size(store.path(digest))
            if dry_run or store.remove(digest):
                report["blobs_removed"] += 1
                report["bytes_removed"] += size
    for path in store.stale_temps(temp_age_seconds):
        try:
            if not dry_run:
                shutil.rmtree(path) if path.is_dir() else path.unlink()
            report["temp_files_removed"] += 1
        except OSError as exc:
            log.error("could not remove temporary file %s: %s", path, exc)
    return report


def _size(path):
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _try_flock(fd):
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


def _fsync_folder(folder):
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
