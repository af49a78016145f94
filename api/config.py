"""Settings come from the environment only, read once at start."""

import hashlib
import os
from dataclasses import dataclass, fields
from urllib.parse import urlsplit

DEV_JWT_KEY = "aether-development-jwt-key-change-me-in-production"


class ConfigError(Exception):
    pass


@dataclass(frozen=True)
class Settings:
    db_url: str = "mysql://root@127.0.0.1:3306/aether"
    redis_url: str = "redis://127.0.0.1:6379/0"
    jwt_key: str = DEV_JWT_KEY
    jwt_ttl_seconds: int = 8 * 3600
    db_pool_size: int = 10
    db_pool_max_overflow: int = 10
    db_read_timeout_seconds: int = 10
    max_body_bytes: int = 1024 * 1024
    credential_cache_seconds: int = 30
    files_dir: str = "./files"
    max_upload_bytes: int = 5 * 1024 ** 3
    media_timeout_seconds: int = 600
    worker_concurrency: int = 2
    job_heartbeat_seconds: int = 30
    files_gc_cron: str = "30 3 * * *"
    mailman_sync_cron: str = "15 * * * *"
    zoom_sync_cron: str = "45 * * * *"
    outbound_private_hosts: str = ""
    smtp_url: str = ""
    mail_from: str = "aether@localhost"
    mail_dir: str = "./mail"
    public_url: str = "http://127.0.0.1:5005"
    env: str = "development"
    log_level: str = "INFO"

    @classmethod
    def from_env(cls, environ=os.environ):
        values = {}
        for field in fields(cls):
            raw = environ.get(ENV_NAMES[field.name])
            if raw is not None and raw != "":
                values[field.name] = _convert(field, raw)
        return cls(**values)

    @property
    def cursor_key(self):
        """Signs list cursors; derived from the JWT key, so it is as secret and as stable."""
        return hashlib.sha256(b"aether list cursors\0" + self.jwt_key.encode()).digest()

    @property
    def production(self):
        return self.env == "production"

    def check(self):
        """Refuses settings that must never run in production."""
        if self.env not in ("development", "production"):
            raise ConfigError(f"AE_ENV must be development or production, not {self.env!r}")
        if self.production and self.jwt_key == DEV_JWT_KEY:
            raise ConfigError("AE_API_JWT_KEY is the development key: set a secret key for production")
        if self.production and len(self.jwt_key.encode()) < 32:
            raise ConfigError("AE_API_JWT_KEY is shorter than 32 bytes: use a longer secret in production")
        if self.smtp_url and urlsplit(self.smtp_url).scheme not in ("smtp", "smtps"):
            raise ConfigError("AE_SMTP_URL must start with smtp:// or smtps://")
        if urlsplit(self.public_url).scheme not in ("http", "https"):
            raise ConfigError("AE_PUBLIC_URL must start with http:// or https://")
        return self


ENV_NAMES = {
    "db_url": "AE_DB_URL",
    "redis_url": "AE_REDIS_URL",
    "jwt_key": "AE_API_JWT_KEY",
    "jwt_ttl_seconds": "AE_API_JWT_TTL_SECONDS",
    "db_pool_size": "AE_DB_POOL_SIZE",
    "db_pool_max_overflow": "AE_DB_POOL_MAX_OVERFLOW",
    "db_read_timeout_seconds": "AE_DB_READ_TIMEOUT_SECONDS",
    "max_body_bytes": "AE_MAX_BODY_BYTES",
    "credential_cache_seconds": "AE_CREDENTIAL_CACHE_SECONDS",
    "files_dir": "AE_FILES_DIR",
    "max_upload_bytes": "AE_MAX_UPLOAD_BYTES",
    "media_timeout_seconds": "AE_MEDIA_TIMEOUT_SECONDS",
    "worker_concurrency": "AE_WORKER_CONCURRENCY",
    "job_heartbeat_seconds": "AE_JOB_HEARTBEAT_SECONDS",
    "files_gc_cron": "AE_FILES_GC_CRON",
    "mailman_sync_cron": "AE_MAILMAN_SYNC_CRON",
    "zoom_sync_cron": "AE_ZOOM_SYNC_CRON",
    "outbound_private_hosts": "AE_OUTBOUND_PRIVATE_HOSTS",
    "smtp_url": "AE_SMTP_URL",
    "mail_from": "AE_MAIL_FROM",
    "mail_dir": "AE_MAIL_DIR",
    "public_url": "AE_PUBLIC_URL",
    "env": "AE_ENV",
    "log_level": "AE_LOG_LEVEL",
}


def _convert(field, raw):
    if field.type in (int, "int"):
        try:
            return int(raw)
        except ValueError:
            raise ConfigError(f"{ENV_NAMES[field.name]} must be a whole number, not {raw!r}") from None
    return raw
