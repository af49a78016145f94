"""Login throttling. Each attempt is counted as a failure before its password is checked, on
three counters in one step: the (user, client address) pair, which backs off after its free
failures; the client address (failures on any email); the user (failures from any address).
A successful login forgets its pair and takes its attempt off the other two.

The counters live in Redis, changed by one Lua script per attempt. When Redis does not answer,
each worker keeps its own counters in memory (bounded, expiring): the limits still hold, per worker.
"""

import logging
import math
import time
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass

from api.cache import CacheDown
from api.problems import too_many_attempts

FREE_FAILURES = 5  # per (user, address), before backoff
FIRST_BACKOFF = 1  # seconds after the first failure past the free ones; doubles with each next one
LONGEST_BACKOFF = 15 * 60
PAIR_MEMORY = 15 * 60  # a (user, address) pair is forgotten this long after its last failure
CAP_WINDOW = 15 * 60  # the address and user caps count failures in windows this long
ADDRESS_CAP = 100
USER_CAP = 1_000
MEMORY_ENTRIES = 100_000  # counters a worker keeps while Redis is down
PREFIX = "aether:login:"

log = logging.getLogger("aether.throttle")

# KEYS: pair, address, user. ARGV: now, free failures, first backoff, longest backoff, pair memory,
# cap window, address cap, user cap; times in milliseconds. Each key is a hash of failures,
# window_ends and blocked_until, forgotten at window_ends. Mirrors MemoryCounters.reserve.
RESERVE = """
local now = tonumber(ARGV[1])
local free, first, longest = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local memory, window = tonumber(ARGV[5]), tonumber(ARGV[6])
local caps = {math.huge, tonumber(ARGV[7]), tonumber(ARGV[8])}
local counters = {}
for i, key in ipairs(KEYS) do
    local fields = redis.call('HMGET', key, 'failures', 'window_ends', 'blocked_until')
    local window_ends = tonumber(fields[2]) or 0
    if window_ends > now then
        counters[i] = {failures = tonumber(fields[1]), window_ends = window_ends,
                       blocked_until = tonumber(fields[3])}
    else
        counters[i] = {failures = 0, window_ends = 0, blocked_until = 0}
    end
end
local wait = 0
for i, c in ipairs(counters) do
    wait = math.max(wait, c.blocked_until - now)
    if c.failures >= caps[i] then wait = math.max(wait, c.window_ends - now) end
end
if wait > 0 then return wait end
local pair = counters[1]
pair.failures = pair.failures + 1
if pair.failures > free then
    pair.blocked_until = now + math.min(first * 2 ^ (pair.failures - free - 1), longest)
end
pair.window_ends = math.max(now + memory, pair.blocked_until)
for i = 2, 3 do
    if counters[i].failures == 0 then counters[i].window_ends = now + window end
    counters[i].failures = counters[i].failures + 1
end
for i, key in ipairs(KEYS) do
    local c = counters[i]
    redis.call('HSET', key, 'failures', c.failures, 'window_ends', c.window_ends,
               'blocked_until', c.blocked_until)
    redis.call('PEXPIRE', key, c.window_ends - now)
end
return 0
"""

# KEYS: pair, address, user. Mirrors MemoryCounters.release.
RELEASE = """
redis.call('DEL', KEYS[1])
for i = 2, 3 do
    local failures = tonumber(redis.call('HGET', KEYS[i], 'failures'))
    if failures and failures > 0 then redis.call('HSET', KEYS[i], 'failures', failures - 1) end
end
return 0
"""


def normalise_email(email):
    """An email as one key for its look-alikes: NFKC, casefolded, accents and whitespace dropped."""
    folded = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", email).casefold())
    return "".join(c for c in folded if not unicodedata.combining(c) and not c.isspace())


def subject(user_id_random, email):
    """Whom an attempt counts against: the user MariaDB found for the email, else the email."""
    return f"user:{user_id_random}" if user_id_random else f"email:{normalise_email(email)}"


def counter_keys(subject, address):
    return (f"{PREFIX}pair:{address} {subject}", f"{PREFIX}address:{address}", f"{PREFIX}{subject}")


def backoff(failures_past_free):
    return min(FIRST_BACKOFF * 2 ** min(failures_past_free - 1, 32), LONGEST_BACKOFF)


@dataclass(frozen=True)
class Attempt:
    keys: tuple
    counters: object


class LoginThrottle:
    def __init__(self, cache, clock=time.time):
        self.redis = RedisCounters(cache)
        self.memory = MemoryCounters()
        self.clock = clock

    async def attempt(self, subject, address):
        """Counts an attempt as failed before its password is checked; raises 429 too_many_attempts
        (with Retry-After) instead when the pair is backing off or a cap is reached."""
        attempt_keys = counter_keys(subject, address)
        now = self.clock()
        try:
            counters, wait = self.redis, await self.redis.reserve(attempt_keys, now)
        except CacheDown as exc:
            log.warning("login throttle counts in this worker's memory: Redis did not answer (%s)", exc)
            counters, wait = self.memory, await self.memory.reserve(attempt_keys, now)
        if wait > 0:
            raise too_many_attempts(math.ceil(wait))
        return Attempt(attempt_keys, counters)

    async def succeeded(self, attempt):
        try:
            await attempt.counters.release(attempt.keys)
        except CacheDown as exc:
            log.warning("login throttle could not forget a successful login's failures: %s", exc)


class RedisCounters:
    def __init__(self, cache):
        self._reserve = cache.script(RESERVE)
        self._release = cache.script(RELEASE)

    async def reserve(self, keys, now):
        """Seconds to wait; 0 when the attempt is allowed and counted."""
        limits = (FREE_FAILURES, FIRST_BACKOFF * 1000, LONGEST_BACKOFF * 1000, PAIR_MEMORY * 1000,
                  CAP_WINDOW * 1000, ADDRESS_CAP, USER_CAP)
        return await self._reserve(keys, (int(now * 1000), *limits)) / 1000

    async def release(self, keys):
        await self._release(keys, ())


@dataclass
class Counter:
    failures: int = 0
    window_ends: float = 0
    blocked_until: float = 0


class MemoryCounters:
    """The same rules as RESERVE and RELEASE, on at most `entries` counters: the ones touched
    longest ago are dropped first, expired ones when read."""

    def __init__(self, entries=MEMORY_ENTRIES):
        self.entries = entries
        self.counters = OrderedDict()

    async def reserve(self, keys, now):
        pair, address, user = (self._read(key, now) for key in keys)
        wait = max(pair.blocked_until - now,
                   address.window_ends - now if address.failures >= ADDRESS_CAP else 0,
                   user.window_ends - now if user.failures >= USER_CAP else 0)
        if wait > 0:
            return wait
        pair.failures += 1
        if pair.failures > FREE_FAILURES:
            pair.blocked_until = now + backoff(pair.failures - FREE_FAILURES)
        pair.window_ends = max(now + PAIR_MEMORY, pair.blocked_until)
        for counter in (address, user):
            if counter.failures == 0:
                counter.window_ends = now + CAP_WINDOW
            counter.failures += 1
        for key, counter in zip(keys, (pair, address, user)):
            self._write(key, counter)
        return 0

    async def release(self, keys):
        pair, *caps = keys
        self.counters.pop(pair, None)
        for key in caps:
            if key in self.counters:
                self.counters[key].failures = max(self.counters[key].failures - 1, 0)

    def _read(self, key, now):
        counter = self.counters.get(key)
        if counter is None or counter.window_ends <= now:
            self.counters.pop(key, None)
            return Counter()
        return counter

    def _write(self, key, counter):
        self.counters[key] = counter
        self.counters.move_to_end(key)
        while len(self.counters) > self.entries:
            self.counters.popitem(last=False)
