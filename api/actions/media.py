"""POST /v3/action/hosted_file/{id}/clip_video and /convert: a new hosted_file of the account,
made from one of its files by ffmpeg, Pillow or LibreOffice (api/media.py).

Without `?background=true` the request waits and answers 201 with the new file; with it, 202
with a job (GET its Location until it ends). Both run `derive`: the worker calls it for a job.
"""

import asyncio
import hashlib
import shutil
from pathlib import PurePath

from starlette.responses import Response

from api import jobs, media
from api.auth import check_role
from api.body import read_object
from api.encoding import JSONResponse
from api.problems import Problem, check_parameters, from_db_error, is_db_error
from api.registry import JSON_COLUMN
from api.search import Query, Sql, boolean_parameter

SOURCE_SQL = ("SELECT id_random, hash_sha256, mime_type, filename, name FROM v_hosted_file"
              " WHERE account_id = %(account)s AND id_random = %(id)s")
DERIVE_SQL = ("CALL hosted_file_derive(%(account)s, %(source)s, %(hash)s, %(size)s, %(mime_type)s, %(filename)s,"
              " %(name)s, %(purpose)s)")
COMMON = ("purpose", "name")


def clip_video_params(body):
    start, end = media.parse_time(body.get("start"), "start"), media.parse_time(body.get("end"), "end")
    if start >= end:
        raise media.MediaError("end must be after start", "end")
    return {"start": start, "end": end}


def convert_params(body):
    target = body.get("target")
    if not isinstance(target, str) or not target.strip():
        raise media.MediaError("target: the format to convert to, such as pdf, mp4 or png", "target")
    return {"target": target.strip().lower()}


OPERATIONS = {"clip_video": clip_video_params, "convert": convert_params}


async def clip_video(request):
    return await act(request, "clip_video")


async def convert(request):
    return await act(request, "convert")


async def act(request, operation):
    services = request.app.state.services
    registry = await services.ensure_registry()
    auth = request.state.auth
    check_role(auth, registry.get("hosted_file").write_role)
    check_parameters(request.query_params, ("background",))
    background = boolean_parameter(request.query_params, "background")
    params = await _params(request, operation)
    source = await _source(services.db, auth.account_id, params["source"])
    await _check(operation, params, source, services)
    if background:
        job = await jobs.submit(services, auth.account_id, operation, params)
        return JSONResponse(job, 202, {"Location": f"/v3/action/job/{job['id_random']}"})
    made = await derive(services, auth.account_id, operation, params)
    return Response(made[JSON_COLUMN], 201, {"Location": f"/v3/crud/hosted_file/{made['id_random']}"},
                    "application/json")


async def _params(request, operation):
    body = await read_object(request)
    allowed = {"start", "end"} if operation == "clip_video" else {"target"}
    for key in body:
        if key not in allowed | set(COMMON):
            raise Problem(422, "invalid_field", f"{key}: not a field of {operation}", field=key,
                          allowed=sorted(allowed | set(COMMON)))
    for key in COMMON:
        if body.get(key) is not None and not isinstance(body[key], str):
            raise Problem(422, "invalid_field", f"{key}: must be text", field=key)
    try:
        specific = OPERATIONS[operation](body)
    except media.MediaError as exc:
        raise refused(exc) from None
    return {"source": request.path_params["id"], **specific, **{key: body.get(key) for key in COMMON}}


async def _source(db, account_id, id_random):
    row = await db.fetch_one(SOURCE_SQL, {"account": account_id, "id": id_random})
    if row is None:
        raise Problem(404, "not_found", f"There is no hosted_file {id_random} in your account.")
    return row


async def _check(operation, params, source, services):
    """What can be refused before any work: the source's type, the target, the clip's range."""
    try:
        if operation == "convert":
            media.require_tools(media.check_target(source["mime_type"], params["target"]).kind)
        elif not source["mime_type"].startswith("video/"):
            raise media.MediaError(f"the file is {source['mime_type']}, not a video", "id_random")
        else:
            media.require_tools("clip_video")
            probed = await media.probe(services.files.path(source["hash_sha256"]))
            duration = float(probed.get("format", {}).get("duration") or 0)
            if params["end"] > duration:
                raise media.MediaError(f"end is past the end of the video ({duration:.3f} s)", "end")
    except media.MediaError as exc:
        raise refused(exc) from None
    except media.MediaUnavailable as exc:
        raise unavailable(exc) from None


def unavailable(exc):
    return Problem(501, "media_unavailable", f"{exc} This server cannot do this work; ask its operator.")


def refused(exc):
    field = {"field": exc.field} if exc.field else {}
    return Problem(422, "invalid_media", f"{exc.field}: {exc.reason}" if exc.field else exc.reason, **field)


async def derive(services, account_id, operation, params, finish=None, progress=lambda percent: None):
    """Runs the operation on the source and keeps its output as a new hosted_file, in one
    transaction with `finish` (a job's recorded end). Answers the new file's view row (its
    JSON in JSON_COLUMN)."""
    source = await _source(services.db, account_id, params["source"])
    workdir = services.files.workdir()
    try:
        output = await _run(services, operation, params, source, workdir)
        progress(80)
        digest, size = await asyncio.to_thread(_hash, output.path)
        row = {"account": account_id, "source": source["id_random"], "hash": digest, "size": size,
               "mime_type": output.mime_type, "filename": _filename(source, operation, output),
               "name": params.get("name") or _name(source, operation, params), "purpose": params.get("purpose")}
        return await services.files.keep_and_record(output.path, digest,
                                                    lambda: _record(services, row, finish))
    except media.MediaError as exc:
        raise refused(exc) from None
    except media.MediaUnavailable as exc:
        raise unavailable(exc) from None
    except Exception as exc:
        if is_db_error(exc):
            raise from_db_error(exc) from None
        raise
    finally:
        await asyncio.to_thread(shutil.rmtree, workdir, True)


async def _run(services, operation, params, source, workdir):
    path, timeout = services.files.path(source["hash_sha256"]), services.settings.media_timeout_seconds
    if operation == "clip_video":
        return await media.clip_video(path, source["mime_type"], params["start"], params["end"], workdir, timeout)
    return await media.convert(path, source["mime_type"], params["target"], workdir, timeout)


async def _record(services, row, finish):
    kind = services.registry.get("hosted_file")
    async with services.db.transaction() as tx:
        made = await tx.fetch_one(DERIVE_SQL, row)
        found = await tx.fetch_one(Sql(Query(kind, kind.default)).one(),
                                   {"account": row["account"], "id": made["id_random"]})
        if finish is not None:
            await finish(tx, {"hosted_file_id_random": made["id_random"],
                              "download_url": f"/v3/action/file/{made['id_random']}/download"})
    return {**found, "id_random": made["id_random"]}


def _hash(path):
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as file:
        while chunk := file.read(1024 * 1024):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _stem(source):
    return PurePath(source["filename"]).stem or "file"


def _filename(source, operation, output):
    suffix = "-clip" if operation == "clip_video" else ""
    return f"{_stem(source)}{suffix}.{output.extension}"[:255]


def _name(source, operation, params):
    title = source["name"] or _stem(source)
    if operation == "clip_video":
        return f"{title} ({_clock(params['start'])} to {_clock(params['end'])})"[:200]
    return f"{title} ({params['target']})"[:200]


def _clock(seconds):
    minutes, rest = divmod(seconds, 60)
    hours, minutes = divmod(int(minutes), 60)
    return f"{hours:02d}:{minutes:02d}:{rest:06.3f}"


async def run_media(services, job, finish):
    await derive(services, job["account_id"], job["type"], job["params"], finish, job["progress"])


jobs.runner("clip_video")(run_media)
jobs.runner("convert")(run_media)
