"""A blocking httpx client for an ASGI app: runs the app's lifespan and its requests on one
event loop in a background thread, so tests stay plain functions."""

import anyio.from_thread
import httpx

from tests.id_vision import assert_no_integer_ids


class AppClient:
    def __init__(self, app, base_url="http://testserver"):
        self.app = app
        self._portal_context = anyio.from_thread.start_blocking_portal("asyncio")
        self.portal = self._portal_context.__enter__()
        self._lifespan = self.portal.wrap_async_context_manager(app.router.lifespan_context(app))
        self._lifespan.__enter__()
        self._client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=base_url)

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

    def run(self, function, *args):
        """Runs an async function on the app's event loop (to use the app's own services)."""
        return self.portal.call(function, *args)

    def close(self):
        self.portal.call(self._client.aclose)
        self._lifespan.__exit__(None, None, None)
        self._portal_context.__exit__(None, None, None)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
