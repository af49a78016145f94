"""Which methods a URL takes, for 405 answers: the methods of every route whose path matches it,
less those an endpoint does not offer there (a type without updates takes no PATCH at
/v3/crud/{type}/{id}). Only a 405 walks the routes for this; a request a route takes pays nothing."""

from starlette.routing import Match

from api.problems import method_not_allowed


def offered_when(check):
    """Marks an endpoint that offers its route's methods at a URL only when
    `await check(scope, path_params)` is true."""
    def mark(endpoint):
        endpoint.offered = check
        return endpoint
    return mark


async def allowed_methods(routes, scope):
    probe = {**scope, "path_params": {}}  # each route's own parameters, not the matched route's
    allowed = set()
    for route in routes:
        match, child = route.matches(probe)
        if match is not Match.NONE and not route.methods <= allowed and await _offers(route, probe, child):
            allowed |= route.methods
    return allowed


async def _offers(route, scope, child):
    check = getattr(route.endpoint, "offered", None)
    return check is None or await check(scope, child["path_params"])


async def not_allowed(scope, reason=None):
    """The 405 problem for this request: its method is not one its URL takes."""
    return method_not_allowed(scope["method"], await allowed_methods(scope["router"].routes, scope), reason)


class NotAllowed:
    """What a request matches when routes match its path but none takes its method: a 405.
    Authentication reads the first such route's endpoint, as it would for that route."""

    def __init__(self, route):
        self.path = route.path
        self.endpoint = route.endpoint

    async def handle(self, scope, receive, send):
        raise await not_allowed(scope)
