"""Downloads: GET /v3/action/file/sha256/{hash} and GET /v3/action/file/{id_random}/download.

Both stream a blob of the caller's account with a strong ETag (its hash), a year of private
caching, conditional GET (304), one or more byte ranges (206, 416), HEAD, and the original
filename in Content-Disposition (RFC 6266: an ASCII fallback plus filename* for the rest).
"""

import logging
import os
from urllib.parse import quote

from starlette.responses import FileResponse, MalformedRangeHeader, RangeNotSatisfiable, Response

from api.actions.storage import HASH
from api.auth import check_role
from api.problems import Problem, invalid_parameter
from api.registry import quoted

CACHE_CONTROL = "private, max-age=31536000, immutable"
FILE_COLUMNS = "h.`hash_sha256`, h.`filename`, h.`mime_type`, h.`size_bytes`"
BY_HASH_SQL = ("SELECT h.`hash_sha256`, h.`filename`, h.`mime_type`, h.`size_bytes` FROM `v_hosted_file` AS h"
               " WHERE h.`account_id` = %(account)s AND h.`hash_sha256` = %(hash)s ORDER BY h.`id` LIMIT 1")

log = logging.getLogger("aether.files")


async def by_hash(request):
    digest = request.path_params["hash"].lower()
    if not HASH.match(digest):
        raise invalid_parameter("hash", "a SHA-256 is 64 hexadecimal digits")
    services = request.app.state.services
    row = await services.db.fetch_one(BY_HASH_SQL, {"account": request.state.auth.account_id, "hash": digest})
    if row is None:
        raise Problem(404, "not_found", "There is no file with this SHA-256 in your account.")
    return serve(request, row)


async def by_id(request):
    services = request.app.state.services
    registry = await services.ensure_registry()
    auth, id_random = request.state.auth, request.path_params["id"]
    row = await services.db.fetch_one(by_id_sql(registry), {"account": auth.account_id, "id": id_random})
    if row is None:
        raise Problem(404, "not_found", f"There is no object {id_random} with a file in your account.")
    check_role(auth, registry.get(row["type"]).read_role)
    if row["hash_sha256"] is None:
        raise Problem(404, "no_file", f"The {row['type']} {id_random} has no file.", type_name=row["type"])
    return serve(request, row)


def by_id_sql(registry):
    """One SELECT over every type that names a file: hosted_file itself, and each type whose
    registry row has a file_field (the hosted_file it refers to). Built once per registry."""
    if not hasattr(registry, "download_sql"):
        parts = [_files_of(kind) for kind in registry.types.values() if kind.name == "hosted_file" or kind.file_field]
        registry.download_sql = " UNION ALL ".join(parts) + " LIMIT 1"
    return registry.download_sql


def _files_of(kind):
    scope = "q0.`account_id` = %(account)s AND q0.`id_random` = %(id)s" + kind.alive("q0")
    view = quoted(kind.default.relation)
    if kind.name == "hosted_file":
        return f"(SELECT '{kind.name}' AS type, {FILE_COLUMNS} FROM {view} AS q0 INNER JOIN `hosted_file` AS h" \
               f" ON h.`id` = q0.`id` WHERE {scope})"
    return f"(SELECT '{kind.name}' AS type, {FILE_COLUMNS} FROM {view} AS q0 LEFT JOIN `hosted_file` AS h" \
           f" ON h.`id_random` = q0.{quoted(kind.file_field)} AND h.`account_id` = q0.`account_id` WHERE {scope})"


def serve(request, row):
    digest = row["hash_sha256"]
    headers = {
        "ETag": f'"{digest}"',
        "Cache-Control": CACHE_CONTROL,
        "X-Content-Type-Options": "nosniff",
    }
    if _matches(request.headers.get("if-none-match"), digest):
        return Response(status_code=304, headers=headers)
    path = request.app.state.services.files.path(digest)
    try:
        stat = os.stat(path)
    except OSError as exc:
        log.error("blob %s of a hosted_file is missing from storage: %s", digest, exc)
        raise Problem(404, "file_missing", "This file's content is missing from storage; upload it again.") from None
    headers["Content-Disposition"] = content_disposition(row["filename"])
    return BlobResponse(path, headers=headers, media_type=row["mime_type"], stat_result=stat,
                        ranges=_ranges(request, stat.st_size))


def content_disposition(filename):
    fallback = "".join(c if " " <= c <= "~" and c not in '"\\' else "_" for c in filename)
    value = f'attachment; filename="{fallback}"'
    return value if fallback == filename else f"{value}; filename*=UTF-8''{quote(filename, safe='')}"


def _matches(if_none_match, digest):
    if not if_none_match:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in tags or f'"{digest}"' in tags


def _ranges(request, size):
    """Whether to honour the Range header: a malformed one is ignored (RFC 9110: the whole file,
    200); one that starts past the end is refused with 416."""
    header = request.headers.get("range")
    if header is None or request.method not in ("GET", "HEAD"):
        return False
    try:
        FileResponse._parse_range_header(header, size)
    except MalformedRangeHeader:
        return False
    except RangeNotSatisfiable:
        raise Problem(416, "range_not_satisfiable", f"The file has {size} bytes; no range asked for starts inside it.",
                      {"Content-Range": f"bytes */{size}"}, size=size) from None
    return True


class BlobResponse(FileResponse):
    chunk_size = 1024 * 1024

    def __init__(self, *args, ranges, **kwargs):
        super().__init__(*args, **kwargs)
        self.ranges = ranges

    async def __call__(self, scope, receive, send):
        if not self.ranges:
            scope = {**scope, "headers": [(k, v) for k, v in scope["headers"] if k != b"range"]}
        await super().__call__(scope, receive, send)
