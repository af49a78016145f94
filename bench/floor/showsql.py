import asyncio
from api.db import Database
from api.registry import Registry
from api import search
async def main():
    db = Database("mysql://root@127.0.0.1:3306/aether_bench")
    await db.start()
    reg = await Registry.load(db)
    kind = reg.get("event_session")
    q = search.Query(kind, kind.view("default"))
    print("ONE:", db._bounded(search.Sql(q).one(), False))
    print("INSERT proc:", kind.insert_procedure)
    await db.stop()
asyncio.run(main())
