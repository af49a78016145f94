"""Integrations with outside services: one module per service."""
