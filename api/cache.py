"""Redis: shared cache and the channel that tells every worker to drop cached credentials.
Redis being down degrades the API (no shared cache) but never breaks it."""

import json
import logging

import redis.asyncio as redis

TIMEOUT = 0.5
log = logging.getLogger("aether.cache")


class CacheDown(Exception):
    """Redis did not answer, for callers that must tell that apart from "no value"."""


class Cache:
    def __init__(self, url):
        self.url = url
        self.client = redis.from_url(url, socket_timeout=TIMEOUT, socket_connect_timeout=TIMEOUT)
        self._scripts = {}

    async def ping(self):
        try:
            return bool(await self.client.ping())
        except (redis.RedisError, OSError):
            return False

    async def publish(self, channel, message):
        try:
            await self.client.publish(channel, message)
            return True
        except (redis.RedisError, OSError) as exc:
            log.warning("could not publish to %s: %s", channel, exc)
            return False

    async def get_json(self, key):
        """The value cached under key, or None (none cached, or Redis down)."""
        try:
            raw = await self.client.get(key)
        except (redis.RedisError, OSError) as exc:
            log.debug("could not read %s: %s", key, exc)
            return None
        return None if raw is None else json.loads(raw)

    async def set_json(self, key, value, ttl_seconds):
        try:
            await self.client.set(key, json.dumps(value), ex=ttl_seconds)
        except (redis.RedisError, OSError) as exc:
            log.debug("could not cache %s: %s", key, exc)

    async def bump(self, key, ttl_seconds=None):
        """Increments a version counter. False when Redis could not be told (entries cached under
        the old version then live until their TTL)."""
        try:
            async with self.client.pipeline(transaction=True) as pipe:
                pipe.incr(key)
                if ttl_seconds:
                    pipe.expire(key, ttl_seconds)
                await pipe.execute()
            return True
        except (redis.RedisError, OSError) as exc:
            log.warning("could not bump %s: %s", key, exc)
            return False

    def script(self, lua):
        """An atomic Lua script (EVALSHA, loaded on first use): `await run(keys, args)` returns
        its reply or raises CacheDown. Registered once per text."""
        if lua not in self._scripts:
            self._scripts[lua] = self._runner(self.client.register_script(lua))
        return self._scripts[lua]

    @staticmethod
    def _runner(script):
        async def run(keys, args):
            try:
                return await script(keys=keys, args=args)
            except (redis.RedisError, OSError) as exc:
                raise CacheDown(str(exc)) from exc
        return run

    def pubsub(self):
        # No read timeout on the subscription: it waits for messages indefinitely.
        return redis.from_url(self.url, socket_connect_timeout=TIMEOUT, health_check_interval=10).pubsub()

    async def close(self):
        await self.client.aclose()
