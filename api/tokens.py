"""Signed JWTs for people (HS256 only) and API keys for machines (stored as SHA-256)."""

import hashlib
import secrets
import time

import jwt

ALGORITHM = "HS256"
ISSUER = "aether"
KEY_PREFIX = "ae_"


def issue_jwt(user_id_random, key, ttl_seconds, *, version, now=None):
    """version: the user's token_version; the token stops working when it moves on (a password change)."""
    now = int(now or time.time())
    claims = {"sub": user_id_random, "ver": version, "iat": now, "exp": now + ttl_seconds, "iss": ISSUER}
    return jwt.encode(claims, key, algorithm=ALGORITHM)


def read_jwt(token, key):
    """(user id_random, token version); raises jwt.InvalidTokenError when the token is not good."""
    claims = jwt.decode(
        token, key, algorithms=[ALGORITHM], issuer=ISSUER, options={"require": ["exp", "sub", "iss", "ver"]}
    )
    if not isinstance(claims["sub"], str) or type(claims["ver"]) is not int:
        raise jwt.InvalidTokenError("sub must be a string and ver a whole number")
    return claims["sub"], claims["ver"]


def new_api_key():
    return KEY_PREFIX + secrets.token_urlsafe(32)


def hash_api_key(key):
    return hashlib.sha256(key.encode()).hexdigest()


def key_prefix(key):
    return key[:10]
