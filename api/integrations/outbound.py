"""The one httpx client for calls to outside services (Novi, Mailman, Zoom). Their addresses come
from tenants' cfg_json, so in production it refuses private, loopback and link-local
destinations (this machine, the internal network, cloud metadata) unless the operator lists the
host in AE_OUTBOUND_PRIVATE_HOSTS (such as a Mailman on 127.0.0.1). Development calls anything."""

import asyncio
import ipaddress
import socket

import httpx


class Refused(httpx.ConnectError):
    """A destination this server may not call."""


# What a call waits for when its integration does not say (Novi and Mailman set their own).
TIMEOUT = httpx.Timeout(30.0, connect=5.0)


def client(settings):
    return httpx.AsyncClient(timeout=TIMEOUT, event_hooks={"request": [guard(settings)]})


def guard(settings):
    allowed = {host.strip().lower() for host in settings.outbound_private_hosts.split(",") if host.strip()}

    async def check(request):
        host = request.url.host.lower()
        if not settings.production or "*" in allowed or host in allowed:
            return
        if any(map(_private, await _addresses(host, request.url.port))):
            raise Refused(f"{host} is a private address this server calls only when AE_OUTBOUND_PRIVATE_HOSTS "
                          "lists it", request=request)
    return check


async def _addresses(host, port):
    try:
        found = await asyncio.get_running_loop().getaddrinfo(host, port or 443, type=socket.SOCK_STREAM)
    except socket.gaierror:
        return []  # the connection fails by itself
    return [ipaddress.ip_address(info[4][0].split("%")[0]) for info in found]


def _private(address):
    return (address.is_private or address.is_loopback or address.is_link_local or address.is_reserved
            or address.is_multicast or address.is_unspecified)
