"""Requests racing each other answer what a client can act on: the write happened, a 4xx that
says why not, or 503 with Retry-After. Never a 500."""

import random

from tests.api.conftest import crud_builder


def statuses(responses):
    return sorted({response.status_code for response in responses})


def test_concurrent_batch_overrides_in_any_order_all_apply_whole(client, tenant):
    groups = ["FR", "DE", "IT", "ES", "PT", "NL", "BE", "AT"]
    bodies = []
    for i in range(30):
        random.Random(i).shuffle(groups)
        bodies.append({"overrides": [{"group": group, "sort": i} for group in groups]})
    responses = client.concurrently("POST", "/v3/lookup/country/overrides", bodies, headers=tenant.headers("admin"))
    assert statuses(responses) == [200], [r.text for r in responses if r.status_code != 200]
    listed = client.get("/v3/lookup/country/", headers=tenant.headers()).json()["data"]
    assert len({entry["sort"] for entry in listed if entry["group"] in groups}) == 1


def test_creates_racing_the_delete_of_their_parent_answer_201_or_404(client, tenant):
    headers = tenant.headers("write")
    for _ in range(3):
        event = crud_builder(client, tenant).make("event")["id_random"]
        url = f"/v3/crud/event/{event}/event_session/"
        creates = [("POST", url, {"json": {"name": f"S{i}"}, "headers": headers}) for i in range(12)]
        responses = client.at_once(*creates[:6], ("DELETE", f"/v3/crud/event/{event}", {"headers": headers}),
                                   *creates[6:])
        assert responses[6].status_code == 204
        assert set(statuses(responses[:6] + responses[7:])) <= {201, 404}
        assert client.get(url, headers=headers).status_code == 404
