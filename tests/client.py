"""A blocking httpx client for an ASGI app: runs the app's lifespan and its requests on one
event loop in a background thread, so tests stay plain functions."""

import asyncio
import secrets

import anyio.from_thread
import httpx

from tests.id_vision import assert_no_integer_ids


def random_address():
    """A client address of its own, so counters per address (login throttling) in the shared
    test Redis are never another test's."""
    return "10." + ".".join(str(byte) for byte in secrets.token_bytes(3))


class Requests:
    """Requests to one app from one client address."""

    def __init__(self, app, portal, address, base_url):
        self.app = app
        self.portal = portal
        self.address = address
        self._client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=(address, 123)),
                                         base_url=base_url)

    def request(self, method, url, **kwargs):
        response = self.portal.call(lambda: self._client.request(method, url, **kwargs))
        assert_no_integer_ids(response)
        return response

    def get(self, url, **kwargs):
        return self.request("GET", url, **kwargs)

    def post(self, url, **kwargs):
        return self.request("POST", url, **kwargs)

    def put(self, url, **kwargs):
        return self.request("PUT", url, **kwargs)

    def patch(self, url, **kwargs):
        return self.request("PATCH", url, **kwargs)

    def delete(self, url, **kwargs):
        return self.request("DELETE", url, **kwargs)

    def concurrently(self, method, url, bodies, **kwargs):
        """One request per JSON body, all sent at once."""
        return self.at_once(*((method, url, {"json": body, **kwargs}) for body in bodies))

    def at_once(self, *requests):
        """(method, url, httpx keyword arguments) requests, all sent at once; answers in order."""
        async def send_all():
            return await asyncio.gather(*(self._client.request(method, url, **kwargs)
                                          for method, url, kwargs in requests))
        responses = self.portal.call(send_all)
        for response in responses:
            assert_no_integer_ids(response)
        return responses

    def run(self, function, *args):
        """Runs an async function on the app's event loop (to use the app's own services)."""
        return self.portal.call(function, *args)

    def close(self):
        self.portal.call(self._client.aclose)


class AppClient(Requests):
    def __init__(self, app, base_url="http://testserver", address=None):
        self._portal_context = anyio.from_thread.start_blocking_portal("asyncio")
        portal = self._portal_context.__enter__()
        self._lifespan = portal.wrap_async_context_manager(app.router.lifespan_context(app))
        self._lifespan.__enter__()
        super().__init__(app, portal, address or random_address(), base_url)
        self._base_url = base_url
        self._others = []

    def at(self, address):
        """The same app, with requests from another client address."""
        other = Requests(self.app, self.portal, address, self._base_url)
        self._others.append(other)
        return other

    def close(self):
        for other in self._others:
            other.close()
        super().close()
        self._lifespan.__exit__(None, None, None)
        self._portal_context.__exit__(None, None, None)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
