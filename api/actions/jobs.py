"""GET and DELETE /v3/action/job/{id_random}: a background job of the caller's account."""

from starlette.responses import Response

from api import jobs
from api.encoding import JSONResponse
from api.problems import Problem, from_db_error, is_db_error


async def read_job(request):
    job = await jobs.read(request.app.state.services.db, request.state.auth.account_id, request.path_params["id"])
    if job is None:
        raise not_found(request.path_params["id"])
    return JSONResponse(job)


async def cancel_job(request):
    services, auth = request.app.state.services, request.state.auth
    try:
        job = await jobs.cancel(services, auth.account_id, request.path_params["id"])
    except Exception as exc:
        if is_db_error(exc):
            raise from_db_error(exc) from None
        raise
    return JSONResponse(job) if job else Response(status_code=204)


def not_found(id_random):
    return Problem(404, "not_found", f"There is no job {id_random} in your account.")
