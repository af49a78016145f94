"""The old memory-events API (`/api/v1/spirits`, `/api/v1/events`) as a thin layer over the
spirit and spirit_event CRUD types, so an existing elephantasm client works unchanged.

Each request is renamed at the edge and handed to the /v3/crud endpoint that serves it (api/crud.py:
the same SQL, procedures and rules); its answer is renamed back. What differs from V3 is only
naming and status codes: spirit_id, occurred_at, meta (or metadata), is_deleted, created_at and
updated_at; a plain JSON array for lists; 400 where V3 answers 422.
"""

import json
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from api import crud, ids
from api.encoding import JSONResponse, dumps
from api.problems import Problem

SPIRIT = {"type": "spirit"}
EVENTS_OF = "spirit", "spirit_event"
# V3 name -> v1 name, for answers; requests are renamed the other way (and take metadata too).
RENAMED = {"id_random": "id", "spirit_id_random": "spirit_id", "occurred_on": "occurred_at",
           "meta_json": "meta", "created_on": "created_at", "updated_on": "updated_at"}
TO_V3 = {v1: v3 for v3, v1 in RENAMED.items() if v1 not in ("id", "spirit_id")} | {"metadata": "meta_json"}
HIDDEN = {"account_id_random"}
V1_LIMIT = (1, 200, 50)  # least, most, default
LIST_FILTERS = ("event_type", "session_id", "min_importance", "offset", "include_deleted")


def bad_request(detail, field=None):
    extra = {"field": field} if field else {}
    return Problem(400, "invalid_parameter", detail, **extra)


def to_v1(row):
    out = {RENAMED.get(key, key): value for key, value in row.items() if key not in HIDDEN and key != "deleted_on"}
    out["is_deleted"] = row.get("deleted_on") is not None
    return out


def to_v3(body):
    if not isinstance(body, dict):
        raise bad_request("The body must be a JSON object.")
    return {TO_V3.get(key, key): value for key, value in body.items()}


async def read_json(request):
    raw = await request.body()
    if not raw:
        return {}
    try:
        return json.loads(raw)
    except ValueError:
        raise bad_request("The body is not valid JSON.") from None


async def forward(request, endpoint, path_params, query=None, body=None):
    """Calls a /v3/crud endpoint for this request with V3 path parameters, query and body;
    answers its Response, with any 422 problem answered as the 400 v1 clients expect."""
    payload = b"" if body is None else dumps(body)

    async def receive():
        return {"type": "http.request", "body": payload, "more_body": False}

    scope = {**request.scope, "path_params": path_params, "query_string": urlencode(query or {}).encode(),
             "headers": [(k, v) for k, v in request.scope["headers"] if k != b"content-type"]
             + [(b"content-type", b"application/json")]}
    try:
        return await endpoint(Request(scope, receive))
    except Problem as problem:
        if problem.status == 422:
            problem.status = 400
        raise


def v1_object(response, status=None):
    return JSONResponse(to_v1(json.loads(response.body)), status or response.status_code)


def object_id(request):
    """The {id} of the URL, which must look like an id (else there is no such object)."""
    value = request.path_params["id"]
    if not ids.is_id_random(value):
        raise Problem(404, "not_found", f"There is no object {value[:64]}.")
    return value


# --- /api/v1/spirits ---

async def create_spirit(request):
    return v1_object(await forward(request, crud.create_object, SPIRIT, body=to_v3(await read_json(request))))


async def list_spirits(request):
    query = {"limit": read_limit(request.query_params), "offset": read_offset(request.query_params)}
    if "include_deleted" in request.query_params:
        query["include_deleted"] = request.query_params["include_deleted"]
    return v1_list(await forward(request, crud.list_objects, SPIRIT, query))


async def read_spirit(request):
    return v1_object(await forward(request, crud.read_one, {**SPIRIT, "id": object_id(request)}))


async def update_spirit(request):
    return await update(request, {**SPIRIT, "id": object_id(request)})


async def delete_spirit(request):
    return await forward(request, crud.delete_object, {**SPIRIT, "id": object_id(request)})


# --- /api/v1/events ---

def event_params(event_id):
    return {"type": "spirit_event", "id": event_id}


async def create_event(request):
    body = to_v3(await read_json(request))
    spirit = body.pop("spirit_id", None)
    if not ids.is_id_random(spirit):
        raise bad_request("spirit_id: required, the id of the spirit the event belongs to", "spirit_id")
    parent, child = EVENTS_OF
    return v1_object(await forward(request, crud.create_object, {"parent": parent, "pid": spirit, "child": child},
                                   body=body))


async def list_events(request):
    params = request.query_params
    spirit = params.get("spirit_id")
    if not ids.is_id_random(spirit):
        raise bad_request("spirit_id: required, the id of the spirit whose events to list", "spirit_id")
    read_importance(params)
    query = {name: params[name] for name in LIST_FILTERS if name in params}
    query.update(limit=read_limit(params), offset=read_offset(params))
    parent, child = EVENTS_OF
    try:
        listed = await forward(request, crud.list_objects, {"parent": parent, "pid": spirit, "child": child}, query)
    except Problem as problem:
        if problem.status == 404:  # v1 does not check the spirit: an unknown one has no events
            return JSONResponse([])
        raise
    return v1_list(listed)


async def read_event(request):
    return v1_object(await forward(request, crud.read_one, event_params(object_id(request))))


async def update_event(request):
    return await update(request, event_params(object_id(request)))


async def delete_event(request):
    return await forward(request, crud.delete_object, event_params(object_id(request)))


# --- shared ---

async def update(request, params):
    """A partial update; is_deleted true soft-deletes, false restores (after the other fields)."""
    body = to_v3(await read_json(request))
    deleted = body.pop("is_deleted", None)
    if deleted not in (None, True, False):
        raise bad_request("is_deleted: must be true or false", "is_deleted")
    answer = None
    if body or deleted is None:
        answer = to_v1(json.loads((await forward(request, crud.update_object, params, body=body)).body))
    if deleted is True:
        await forward(request, crud.delete_object, params)
        answer = {**(answer or {"id": params["id"]}), "is_deleted": True}
    elif deleted is False:
        answer = to_v1(json.loads((await forward(request, crud.restore_object, params)).body))
    return JSONResponse(answer)


def v1_list(response):
    return JSONResponse([to_v1(row) for row in json.loads(response.body)["data"]])


def read_limit(params):
    least, most, default = V1_LIMIT
    return _bounded_int(params, "limit", default, least, most)


def read_offset(params):
    return _bounded_int(params, "offset", 0, 0, 10**9)


def _bounded_int(params, name, default, least, most):
    text = params.get(name)
    if text is None:
        return default
    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or not least <= value <= most:
        raise bad_request(f"{name}: must be a whole number from {least} to {most}", name)
    return value


def read_importance(params):
    text = params.get("min_importance")
    if text is None:
        return
    try:
        value = float(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 1:
        raise bad_request("min_importance: must be a number from 0 to 1", "min_importance")


def routes():
    return [
        Route("/api/v1/spirits", list_spirits, methods=["GET"]),
        Route("/api/v1/spirits", create_spirit, methods=["POST"]),
        Route("/api/v1/spirits/{id}", read_spirit, methods=["GET"]),
        Route("/api/v1/spirits/{id}", update_spirit, methods=["PATCH"]),
        Route("/api/v1/spirits/{id}", delete_spirit, methods=["DELETE"]),
        Route("/api/v1/events", list_events, methods=["GET"]),
        Route("/api/v1/events", create_event, methods=["POST"]),
        Route("/api/v1/events/{id}", read_event, methods=["GET"]),
        Route("/api/v1/events/{id}", update_event, methods=["PATCH"]),
        Route("/api/v1/events/{id}", delete_event, methods=["DELETE"]),
    ]
