"""Integrations with outside services: one module per service, and the routes they serve."""

from starlette.routing import Route


def routes():
    from api.integrations import mailman_sync, novi_member, zoom_runs

    return [
        Route("/v3/action/idaa/novi_member/{uuid:str}", novi_member.novi_member, methods=["GET"]),
        Route("/v3/action/e_novi_mailman/sync", mailman_sync.sync_action, methods=["POST"]),
        Route("/v3/action/zoom/sync", zoom_runs.sync_action, methods=["POST"]),
    ]
