"""Aether: a multi-tenant API whose logic lives in MariaDB views and procedures."""
