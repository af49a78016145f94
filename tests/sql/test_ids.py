import re

URL_SAFE_11 = re.compile(r"^[A-Za-z0-9_-]{11}$")


def test_id_random_is_generated_as_11_url_safe_characters(call, query):
    id_random = call("account_create", "Ids Inc", None)[0]["id_random"]
    assert URL_SAFE_11.match(id_random)
    assert query("SELECT id_random FROM account WHERE id_random = %s", id_random)


def test_id_random_is_unique_over_many_rows(query):
    query("INSERT INTO account (name) SELECT CONCAT('bulk ', seq) FROM seq_1_to_5000")
    rows = query("SELECT id_random FROM account WHERE name LIKE 'bulk %%'")
    ids = [row["id_random"] for row in rows]
    assert len(ids) >= 5000
    assert len(set(ids)) == len(ids)
    assert all(URL_SAFE_11.match(i) for i in ids)


def test_given_id_random_is_kept(query):
    query("INSERT INTO account (id_random, name) VALUES ('given_id_01', 'Given')")
    assert query("SELECT name FROM account WHERE id_random = 'given_id_01'")[0]["name"] == "Given"


def test_id_random_is_case_sensitive(query):
    query("INSERT INTO account (id_random, name) VALUES ('AbCdEfGhIjK', 'upper')")
    query("INSERT INTO account (id_random, name) VALUES ('abcdefghijk', 'lower')")
    assert query("SELECT name FROM account WHERE id_random = 'abcdefghijk'") == [{"name": "lower"}]
