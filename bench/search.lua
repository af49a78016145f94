-- wrk script: one search per request (bench/run.sh passes the URL).
wrk.method = "POST"
wrk.headers["content-type"] = "application/json"
wrk.body = '{"where": {"and": [{"field": "name", "op": "contains", "value": "e"},'
    .. ' {"not": {"field": "hide", "op": "eq", "value": 1}}]}, "sort": ["-start_on"], "limit": 20, "view": "alt"}'
