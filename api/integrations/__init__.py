"""Integrations with outside services: one module per service, and the routes they serve."""

from starlette.routing import Route


def routes():
    from api.integrations import novi_member

    return [
        Route("/v3/action/idaa/novi_member/{uuid:str}", novi_member.novi_member, methods=["GET"]),
    ]
