-- spirit_event: public ids in place of every integer reference. id, account_id and spirit_id
-- are internal.
CREATE OR REPLACE VIEW v_spirit_event AS
SELECT
    t.id,
    t.account_id,
    t.spirit_id,
    t.id_random,
    a.id_random AS account_id_random,
    r_spirit.id_random AS spirit_id_random,
    t.event_type,
    t.content,
    t.occurred_on,
    t.session_id,
    t.source_uri,
    t.dedupe_key,
    t.meta_json,
    t.meta_summary,
    t.importance_score,
    t.deleted_on,
    t.created_on,
    t.updated_on
FROM spirit_event AS t
INNER JOIN account AS a ON t.account_id = a.id
INNER JOIN spirit AS r_spirit ON t.spirit_id = r_spirit.id;
