"""Local servers that answer like outside services with no public test server (Novi, Zoom)."""
