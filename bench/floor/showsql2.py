"""Print the API's SQL for list_page and search (as the harness sends them), from aether_bench's registry."""
import asyncio, json
from api.db import Database
from api.registry import Registry
from api import search
async def main():
    db = Database("mysql://root@127.0.0.1:3306/aether_bench")
    await db.start()
    reg = await Registry.load(db)
    parent, kind = reg.child("event", "event_session")
    from starlette.datastructures import QueryParams
    q = search.from_query_string(reg, kind, QueryParams("limit=50&offset=0"), b"k" * 32)
    sql = search.Sql(q, parent)
    print(json.dumps({"page_sql": db._bounded(sql.page(), False), "page_params": q.params}))
    k2 = reg.get("event_session")
    body = {"where": {"and": [{"field": "name", "op": "contains", "value": "TERM"},
                              {"field": "start_on", "op": "gte", "value": "2027-09-23T09:00:00"}]}, "limit": 50}
    q2 = search.from_body(reg, k2, body, b"k" * 32)
    s2 = search.Sql(q2, None)
    print(json.dumps({"search_sql": db._bounded(s2.page(), False), "search_params": {k: str(v) for k, v in q2.params.items()}}))
    await db.stop()
asyncio.run(main())
