"""Signed JWTs for people (HS256 only) and API keys for machines (stored as SHA-256)."""

import hashlib
import secrets
import time

import jwt

ALGORITHM = "HS256"
ISSUER = "aether"
KEY_PREFIX = "ae_"


def issue_jwt(user_id_random, key, ttl_seconds, now=None):
    now = int(now or time.time())
    claims = {"sub": user_id_random, "iat": now, "exp": now + ttl_seconds, "iss": ISSUER}
    return jwt.encode(claims, key, algorithm=ALGORITHM)


def read_jwt(token, key):
    """The token's user id_random; raises jwt.InvalidTokenError when the token is not good."""
    claims = jwt.decode(
        token, key, algorithms=[ALGORITHM], issuer=ISSUER, options={"require": ["exp", "sub", "iss"]}
    )
    return claims["sub"]


def new_api_key():
    return KEY_PREFIX + secrets.token_urlsafe(32)


def hash_api_key(key):
    return hashlib.sha256(key.encode()).hexdigest()


def key_prefix(key):
    return key[:10]
