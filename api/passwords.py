"""Slow salted password hashes: argon2id through argon2-cffi, with RFC 9106's low-memory profile
(time_cost 3, memory 64 MiB, parallelism 4, 16-byte salt, 32-byte hash; argon2-cffi's defaults).

Hashes made before argon2 (`scrypt$N$r$p$salt$digest`) still verify; `needs_rehash` says which
stored hashes login replaces (api/login.py). The API runs hash_password and verify_password
through `in_hashing_thread`."""

import asyncio
import base64
import hashlib
import hmac
import secrets
import weakref

from anyio import CapacityLimiter, to_thread
from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

HASHER = PasswordHasher.from_parameters(profiles.RFC_9106_LOW_MEMORY)
# Hashes at once in one worker: each holds 64 MiB and keeps 4 threads busy. More would only
# share the same cores, and a burst of logins would starve the event loop (and Redis beside it).
HASHES_AT_ONCE = 2
_limiters = weakref.WeakKeyDictionary()  # event loop -> its CapacityLimiter


def hash_password(password):
    return HASHER.hash(password)


def verify_password(password, stored):
    if not isinstance(stored, str):
        return False
    if stored.startswith("scrypt$"):
        return _verify_scrypt(password, stored)
    try:
        return HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError, ValueError):
        return False


async def in_hashing_thread(function, *args):
    """function(*args) in a thread, off the event loop; at most HASHES_AT_ONCE at once, the
    others wait their turn."""
    loop = asyncio.get_running_loop()
    if loop not in _limiters:
        _limiters[loop] = CapacityLimiter(HASHES_AT_ONCE)
    return await to_thread.run_sync(function, *args, limiter=_limiters[loop])


def needs_rehash(stored):
    """True for a hash made under older rules: scrypt, or argon2 with other parameters."""
    if stored.startswith("scrypt$"):
        return True
    try:
        return HASHER.check_needs_rehash(stored)
    except (InvalidHashError, ValueError):
        return False


def _verify_scrypt(password, stored):
    """The scheme before argon2: scrypt$N$r$p$salt$digest, salt and digest unpadded base64url."""
    try:
        _, n, r, p, salt, digest = stored.split("$")
        expected = _unb64(digest)
        actual = hashlib.scrypt(password.encode(), salt=_unb64(salt), n=int(n), r=int(r), p=int(p),
                                dklen=len(expected))
    except ValueError:
        return False
    return hmac.compare_digest(actual, expected)


def _unb64(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


# Verified against when the email is unknown, so both cases cost the same time.
DUMMY_HASH = hash_password(secrets.token_hex(8))
