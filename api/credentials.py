"""Credential lookups with an in-process cache.

The cache is trusted only while this worker is subscribed to the invalidation channel:
any change to keys, users or memberships publishes on it and every worker drops its cache,
so a revoked key stops working at once. Without Redis, every request reads the database.
An entry is also never kept longer than its lifetime (AE_CREDENTIAL_CACHE_SECONDS), so a change
made where Redis could not be told (plain SQL, a command run while Redis was down) takes effect
within that time.
"""

import asyncio
import datetime
import logging
import time

from api.ids import is_id_random

CHANNEL = "aether:credentials:invalidate"
TOUCH_EVERY = datetime.timedelta(seconds=60)
MAX_ENTRIES = 10_000

log = logging.getLogger("aether.credentials")


class CredentialCache:
    def __init__(self, lifetime, clock=time.monotonic):
        self._entries = {}
        self.live = False
        self.lifetime = lifetime
        self.clock = clock

    def get(self, key):
        entry = self._entries.get(key) if self.live else None
        if entry is None or entry[1] <= self.clock():
            return None
        return entry[0]

    def put(self, key, value):
        if not self.live:
            return
        if len(self._entries) >= MAX_ENTRIES:
            self._entries.clear()
        self._entries[key] = (value, self.clock() + self.lifetime)

    def clear(self):
        self._entries.clear()

    async def follow(self, cache):
        """Runs for the life of the worker: keeps the subscription, clears on every message."""
        while True:
            pubsub = cache.pubsub()
            try:
                await pubsub.subscribe(CHANNEL)
                async for message in pubsub.listen():
                    self.clear()
                    # Trusted only once Redis confirms the subscription: no invalidation can be missed.
                    self.live = self.live or message["type"] == "subscribe"
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.debug("credential invalidation channel down: %s", exc)
            finally:
                self.live = False
                self.clear()
                await _close(pubsub)
            await asyncio.sleep(1)


async def _close(pubsub):
    try:
        await pubsub.aclose()
    except Exception:
        pass


class Credentials:
    def __init__(self, db, cache, lifetime=30):
        self.db = db
        self.cache = cache
        self.memo = CredentialCache(lifetime)

    async def _remembered(self, key, load):
        value = self.memo.get(key)
        if value is None:
            value = await load()
            if value is not None:
                self.memo.put(key, value)
        return value

    async def api_key(self, key_hash):
        record = await self._remembered(("key", key_hash), lambda: self.db.fetch_one(
            "SELECT id_random, account_id, account_id_random, account_enable, role, last_used_on"
            " FROM v_auth_api_key WHERE key_hash = %(h)s", {"h": key_hash}))
        if record is not None:
            await self._touch(record)
        return record

    async def _touch(self, record):
        now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
        if record["last_used_on"] is None or now - record["last_used_on"] > TOUCH_EVERY:
            record["last_used_on"] = now
            await self.db.execute("CALL api_key_touch(%(id)s)", {"id": record["id_random"]})

    async def memberships(self, user_id_random):
        if not is_id_random(user_id_random):
            return []
        return await self._remembered(("user", user_id_random), lambda: self.db.fetch_all(
            "SELECT user_enable, is_platform_admin, token_version, account_id, account_id_random, account_name,"
            " account_enable, role FROM v_auth_membership WHERE user_id_random = %(u)s", {"u": user_id_random}))

    async def account(self, account_id_random):
        if not is_id_random(account_id_random):
            return None
        return await self._remembered(("account", account_id_random), lambda: self.db.fetch_one(
            "SELECT account_id, id_random AS account_id_random, enable AS account_enable"
            " FROM v_account WHERE id_random = %(a)s", {"a": account_id_random}))

    async def invalidate(self):
        """Call after any change to keys, users (passwords included), memberships or accounts. False
        when the other workers could not be told: they then see the change within the cache's lifetime."""
        self.memo.clear()
        return await self.cache.publish(CHANNEL, "all")
