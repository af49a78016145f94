"""Local stand-ins for outside services, served over real HTTP: one module per service."""
