"""Minimal servers for the 1-connection floor (run with uvicorn, pinned to core 0).

    FLOOR_IDS=<the ids file bench/load.py wrote>  (api_key -> account_id map, read at startup)
    FLOOR_DB=aether_bench

Apps (uvicorn apps:<name>):
  http_const     raw ASGI, constant 600-byte JSON body, no SQL            (any path)
  get_raw        raw ASGI, GET one: the API's exact SELECT, one asyncmy connection
  get_starlette  the same as get_raw through a Starlette app with one route
  create_call    raw ASGI, POST .../event/{id}/event_session/: CALL insert__event_session('json', ...)
  create_insert  raw ASGI, the same URL: one INSERT ... SELECT (parent lookup inside), autocommit
  create_insert_commit  raw ASGI: INSERT ... SELECT then an explicit COMMIT (autocommit off)
The x-api-key header is mapped to the account's integer id by a dict lookup (as the API's
credential cache does, without hashing); an unknown key gets 401.
"""
import json
import os

import asyncmy

DB = os.environ.get("FLOOR_DB", "aether_bench")
IDS = os.environ["FLOOR_IDS"]
SESSION_INIT = ("SET SESSION sql_mode='STRICT_TRANS_TABLES,STRICT_ALL_TABLES,ERROR_FOR_DIVISION_BY_ZERO,"
                "NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION,NO_ZERO_DATE,NO_ZERO_IN_DATE', "
                "time_zone='+00:00', innodb_lock_wait_timeout=5")

# The API's statement for GET /v3/crud/event_session/{id} (api/search.py Sql.one + api/db.py read prefix),
# printed from the registry of aether_bench; %(account)s and %(id)s became positional.
SELECT_ONE = open(os.path.join(os.path.dirname(__file__), "select_one.sql")).read().strip()
CALL_INSERT = "CALL `insert__event_session`(%s, %s, %s, %s)"
INSERT = ("INSERT INTO event_session (account_id, event_id, name, description, start_on, end_on, sort) "
          "SELECT %s, e.id, %s, %s, %s, %s, %s FROM event AS e WHERE e.id_random = %s AND e.account_id = %s")

CONST = json.dumps({"id_random": "x" * 11, "pad": "p" * 561}).encode()
assert len(CONST) == 600, len(CONST)
HDR_JSON = [(b"content-type", b"application/json")]

state = {"conn": None, "keys": {}}


async def startup(autocommit=True):
    conn = await asyncmy.connect(host="127.0.0.1", port=3306, user="root", password="", database=DB,
                                 autocommit=autocommit, charset="utf8mb4", init_command=SESSION_INIT)
    ids = json.load(open(IDS))
    accounts = {}
    async with conn.cursor() as cur:
        for s in ids["samples"]:
            a = s["account_id_random"]
            if a not in accounts:
                await cur.execute("SELECT id FROM account WHERE id_random = %s", (a,))
                accounts[a] = (await cur.fetchone())[0]
    if not autocommit:
        await conn.commit()
    state["conn"] = conn
    state["keys"] = {s["api_key"].encode(): accounts[s["account_id_random"]] for s in ids["samples"]}


async def shutdown():
    if state["conn"] is not None:
        state["conn"].close()


def lifespan_wrapper(handler, autocommit=True, db=True):
    async def app(scope, receive, send):
        if scope["type"] == "lifespan":
            while True:
                msg = await receive()
                if msg["type"] == "lifespan.startup":
                    if db:
                        await startup(autocommit)
                    await send({"type": "lifespan.startup.complete"})
                elif msg["type"] == "lifespan.shutdown":
                    if db:
                        await shutdown()
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        await handler(scope, receive, send)
    return app


def account_of(scope):
    for k, v in scope["headers"]:
        if k == b"x-api-key":
            return state["keys"].get(v)
    return None


async def answer(send, status, body, headers=HDR_JSON):
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def read_body(receive):
    body = b""
    while True:
        msg = await receive()
        body += msg.get("body", b"")
        if not msg.get("more_body"):
            return body


# a. HTTP floor
async def _http_const(scope, receive, send):
    await answer(send, 200, CONST)

http_const = lifespan_wrapper(_http_const, db=False)


# b. HTTP + one SELECT round trip
async def select_one(account, id_random):
    async with state["conn"].cursor() as cur:
        await cur.execute(SELECT_ONE, (account, id_random))
        row = await cur.fetchone()
    return None if row is None else row[0]


async def _get_raw(scope, receive, send):
    account = account_of(scope)
    if account is None:
        return await answer(send, 401, b'{"error":"unauthorized"}')
    doc = await select_one(account, scope["path"].rstrip("/").rsplit("/", 1)[1])
    if doc is None:
        return await answer(send, 404, b'{"error":"not_found"}')
    await answer(send, 200, doc)

get_raw = lifespan_wrapper(_get_raw)


# c. the same through Starlette
def _starlette_app():
    from contextlib import asynccontextmanager
    from starlette.applications import Starlette
    from starlette.responses import Response
    from starlette.routing import Route

    async def read_one(request):
        account = state["keys"].get(request.headers.get("x-api-key", "").encode())
        if account is None:
            return Response(b'{"error":"unauthorized"}', 401, media_type="application/json")
        doc = await select_one(account, request.path_params["id"])
        if doc is None:
            return Response(b'{"error":"not_found"}', 404, media_type="application/json")
        return Response(doc, media_type="application/json")

    @asynccontextmanager
    async def lifespan(app):
        await startup()
        yield
        await shutdown()

    return Starlette(routes=[Route("/v3/crud/event_session/{id}", read_one, methods=["GET"])], lifespan=lifespan)

get_starlette = _starlette_app()


# 5. creates: POST /v3/crud/event/{event_id_random}/event_session/
def parent_of(scope):
    parts = scope["path"].strip("/").split("/")  # v3 crud event {id} event_session
    return parts[3]


async def _create_call(scope, receive, send):
    account = account_of(scope)
    if account is None:
        return await answer(send, 401, b'{"error":"unauthorized"}')
    body = await read_body(receive)
    async with state["conn"].cursor() as cur:
        await cur.execute(CALL_INSERT, ("json", account, parent_of(scope), body.decode()))
        row = await cur.fetchone()
    if row is None:
        return await answer(send, 404, b'{"error":"not_found"}')
    await answer(send, 201, row[0])

create_call = lifespan_wrapper(_create_call)


def _insert_args(scope, account, body):
    b = json.loads(body)
    return (account, b["name"], b.get("description"), b.get("start_on"), b.get("end_on"), b.get("sort", 0),
            parent_of(scope), account)


async def _create_insert(scope, receive, send):
    account = account_of(scope)
    if account is None:
        return await answer(send, 401, b'{"error":"unauthorized"}')
    body = await read_body(receive)
    async with state["conn"].cursor() as cur:
        n = await cur.execute(INSERT, _insert_args(scope, account, body))
        new_id = cur.lastrowid
    if not n:
        return await answer(send, 404, b'{"error":"not_found"}')
    await answer(send, 201, b'{"id":%d}' % new_id)

create_insert = lifespan_wrapper(_create_insert)


async def _create_insert_commit(scope, receive, send):
    account = account_of(scope)
    if account is None:
        return await answer(send, 401, b'{"error":"unauthorized"}')
    body = await read_body(receive)
    conn = state["conn"]
    async with conn.cursor() as cur:
        n = await cur.execute(INSERT, _insert_args(scope, account, body))
        new_id = cur.lastrowid
    await conn.commit()
    if not n:
        return await answer(send, 404, b'{"error":"not_found"}')
    await answer(send, 201, b'{"id":%d}' % new_id)

create_insert_commit = lifespan_wrapper(_create_insert_commit, autocommit=False)


# Floors for the other two reads (not in the brief's step 4, added for the page and search targets):
# the API's exact page / search statements (printed by showsql2.py), one asyncmy connection,
# the answer assembled as api/encoding.page does (next_cursor left null: no cursor is computed).
PAGE_SQL = open(os.path.join(os.path.dirname(__file__), "page.sql")).read().strip()
SEARCH_SQL = open(os.path.join(os.path.dirname(__file__), "search.sql")).read().strip()


async def _page(sql, params, send):
    async with state["conn"].cursor() as cur:
        await cur.execute(sql, params)
        docs = [r[0] for r in await cur.fetchall()]
    more = len(docs) > 50
    await answer(send, 200, b'{"data":[' + b",".join(docs[:50]) + b'],"has_more":' +
                 (b"true" if more else b"false") + b',"next_cursor":null}')


async def _page_raw(scope, receive, send):  # GET /v3/crud/event/{id}/event_session/?limit=50&offset=0
    account = account_of(scope)
    if account is None:
        return await answer(send, 401, b'{"error":"unauthorized"}')
    await _page(PAGE_SQL, {"account": account, "parent": parent_of(scope), "limit": 51, "offset": 0}, send)

page_raw = lifespan_wrapper(_page_raw)


async def _search_raw(scope, receive, send):  # POST /v3/crud/event_session/search
    account = account_of(scope)
    if account is None:
        return await answer(send, 401, b'{"error":"unauthorized"}')
    body = json.loads(await read_body(receive))
    name, start = body["where"]["and"]
    await _page(SEARCH_SQL, {"account": account, "p0": "%" + name["value"] + "%",
                             "p1": start["value"].replace("T", " "), "limit": body.get("limit", 50) + 1,
                             "offset": 0}, send)

search_raw = lifespan_wrapper(_search_raw)
