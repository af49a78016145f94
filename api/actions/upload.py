"""POST /v3/action/event/{event_id_random}/upload: one file into an event, all or nothing.

The body streams into a temporary file while it is hashed; the blob is then kept under its
SHA-256 and both rows (hosted_file, event_file) are written in one transaction
(event_file_upload). Any failure leaves no row, no new blob and no temporary file, except when
the database connection dies during COMMIT itself: then the blob stays (the rows may exist) and
`aether files-gc` removes it if they do not.
"""

import asyncio
import contextlib
import hashlib
import logging
import mimetypes
import os

import filetype
from starlette.requests import ClientDisconnect
from starlette.responses import Response

from api.actions import multipart
from api.actions.storage import is_disk_full
from api.auth import check_role
from api.encoding import dumps
from api.problems import Problem, from_db_error, is_db_error
from api.registry import JSON_COLUMN
from api.search import Query, Sql

REFERENCES = ("event_session_id_random", "event_presentation_id_random", "event_presenter_id_random")
FIELDS = (*REFERENCES, "purpose", "name")
SNIFF_BYTES = 8192  # what filetype reads of a file's start
CHECK_SQL = ("CALL event_file_upload_check(%(account)s, %(event)s, %(event_session_id_random)s,"
             " %(event_presentation_id_random)s, %(event_presenter_id_random)s, %(purpose)s)")
UPLOAD_SQL = ("CALL event_file_upload(%(account)s, %(event)s, %(event_session_id_random)s,"
              " %(event_presentation_id_random)s, %(event_presenter_id_random)s, %(purpose)s, %(name)s,"
              " %(hash)s, %(size)s, %(mime_type)s, %(filename)s)")

log = logging.getLogger("aether.files")


class Upload:
    """What one request sent: its fields, and its file as a hashed temporary file."""

    def __init__(self, store, limit):
        self.store, self.limit = store, limit
        self.fields = {}
        self.temp = None
        self.filename = None
        self.sha256 = hashlib.sha256()
        self.size = 0
        self.head = bytearray()

    def open_file(self, filename):
        if self.temp is not None:
            raise multipart.invalid("Send one file per upload (one part named file).")
        self.filename = multipart.safe_filename(filename)
        self.temp = self.store.new_temp()

    def write(self, data):
        self.sha256.update(data)
        self.size += len(data)
        if len(self.head) < SNIFF_BYTES:
            self.head.extend(data[:SNIFF_BYTES - len(self.head)])
        self.temp.write(data)

    def finish(self):
        self.temp.flush()
        os.fsync(self.temp.fileno())
        self.temp.close()

    def discard(self):
        if self.temp is not None:
            self.temp.close()
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.temp.name)

    def mime_type(self):
        """From the content first (magic numbers), else the name, else unknown bytes."""
        found = filetype.guess_mime(bytes(self.head)) if self.head else None
        return (found or mimetypes.guess_type(self.filename)[0] or "application/octet-stream").lower()

    def values(self):
        return {**dict.fromkeys(FIELDS), **self.fields}


async def upload(request):
    services = request.app.state.services
    await services.ensure_registry()
    registry, auth = services.registry, request.state.auth
    for kind in (registry.get("hosted_file"), registry.get("event_file")):
        check_role(auth, kind.write_role)
        check_role(auth, kind.read_role)
    limit = services.settings.max_upload_bytes
    _refuse_declared_size(request, limit)
    values = {"account": auth.account_id, "event": request.path_params["event"]}
    await _check(services.db, {**values, **dict.fromkeys(FIELDS)})
    received = Upload(services.files, limit)
    try:
        await _receive(request, received, values)
        if received.temp is None:
            raise Problem(422, "invalid_field", "file: required (a part named file)", field="file")
        await asyncio.to_thread(received.finish)
        objects = await _store(services, received, values)
    except ClientDisconnect:
        log.info("upload to event %s abandoned by the client after %d bytes", values["event"], received.size)
        return Response(status_code=400)
    except OSError as exc:
        if is_disk_full(exc):
            raise Problem(507, "insufficient_storage", "The server has no room for this file; nothing was kept.") from None
        raise
    finally:
        received.discard()
    location = f"/v3/crud/event/{values['event']}/event_file/{objects['event_file_id_random']}"
    body = b'{"hosted_file":' + objects["hosted_file"] + b',"event_file":' + objects["event_file"] + b"}"
    return Response(body, 201, {"Location": location}, "application/json")


def _refuse_declared_size(request, limit):
    declared = request.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > limit:
        raise _too_large(limit)


def _too_large(limit):
    return Problem(413, "body_too_large", f"The upload is larger than {limit} bytes (AE_MAX_UPLOAD_BYTES); "
                   "nothing was kept.", limit=limit)


async def _receive(request, received, values):
    """Reads the body to its end: fields into received.fields, the file into a temporary file.
    The references given before the file are checked before its first byte is kept."""
    parser, events = multipart.parser(request.headers.get("content-type"))
    part, body_size, done = None, 0, False
    async for chunk in request.stream():
        body_size += len(chunk)
        if body_size > received.limit:
            raise _too_large(received.limit)
        multipart.feed(parser, chunk)
        for event, data in events.take():
            if event == "begin":
                part = multipart.Part()
            elif event == "header":
                part.headers[data[0]] = data[1]
            elif event == "headers":
                await _start_part(request, multipart.disposition(part), received, values)
            elif event == "data" and part.filename is not None:
                received.write(data)
            elif event == "data":
                multipart.add_field_data(part, data)
            elif event == "end" and part.filename is None:
                received.fields[part.name] = multipart.field_value(part).strip() or None
            elif event == "done":
                done = True
    if not done:
        raise multipart.invalid("The multipart body ended before its closing boundary.")


async def _start_part(request, part, received, values):
    if part.name == "file" and part.filename is not None:
        if any(received.fields.values()):
            await _check(request.app.state.services.db, {**values, **received.values()})
        received.open_file(part.filename)
    elif part.name == "file":
        raise multipart.invalid("The part named file must carry a file (a filename in its Content-Disposition).")
    elif part.name not in FIELDS or part.filename is not None:
        raise Problem(400, "unknown_field", f"Unknown upload field: {part.name[:64]}. Send file (a file) and "
                      f"any of {', '.join(FIELDS)}.", field=part.name[:64], allowed=["file", *FIELDS])
    elif part.name in received.fields:
        raise multipart.invalid(f"The field {part.name} is sent twice.")


async def _check(db, values):
    try:
        await db.execute(CHECK_SQL, values, write=False)
    except Exception as exc:
        if not is_db_error(exc):
            raise
        raise from_db_error(exc) from None


async def _store(services, received, values):
    row = {**values, **received.values(), "hash": received.sha256.hexdigest(), "size": received.size,
           "mime_type": received.mime_type(), "filename": received.filename}
    try:
        return await services.files.keep_and_record(received.temp.name, row["hash"],
                                                    lambda: _write_rows(services, row))
    except Exception as exc:
        if is_db_error(exc):
            raise from_db_error(exc) from None
        raise


async def _write_rows(services, row):
    registry = services.registry
    async with services.db.transaction() as tx:
        ids = await tx.fetch_one(UPLOAD_SQL, row)
        hosted = await _one(tx, registry.get("hosted_file"), row, ids["hosted_file_id_random"])
        event_file = await _one(tx, registry.get("event_file"), row, ids["event_file_id_random"], registry.get("event"))
    return {**ids, "hosted_file": hosted, "event_file": event_file}


async def _one(tx, kind, row, id_random, parent=None):
    found = await tx.fetch_one(Sql(Query(kind, kind.default), parent).one(),
                               {"account": row["account"], "parent": row["event"], "id": id_random})
    return found[JSON_COLUMN]
