"""/v3/action: binary and atomic operations that do not fit CRUD, one module per capability."""

from starlette.routing import Route

from api.actions import download, jobs, media, upload


def routes():
    return [
        Route("/v3/action/event/{event:id}/upload", upload.upload, methods=["POST"]),
        Route("/v3/action/file/sha256/{hash:str}", download.by_hash, methods=["GET"]),
        Route("/v3/action/file/{id:id}/download", download.by_id, methods=["GET"]),
        Route("/v3/action/hosted_file/{id:id}/clip_video", media.clip_video, methods=["POST"]),
        Route("/v3/action/hosted_file/{id:id}/convert", media.convert, methods=["POST"]),
        Route("/v3/action/job/{id:id}", jobs.read_job, methods=["GET"]),
        Route("/v3/action/job/{id:id}", jobs.cancel_job, methods=["DELETE"]),
    ]

