-- spirit: public ids in place of every integer reference. id and account_id are internal.
CREATE OR REPLACE VIEW v_spirit AS
SELECT
    t.id,
    t.account_id,
    t.id_random,
    a.id_random AS account_id_random,
    t.name,
    t.code,
    t.description,
    t.meta_json,
    t.enable,
    t.hide,
    t.sort,
    t.deleted_on,
    t.created_on,
    t.updated_on
FROM spirit AS t
INNER JOIN account AS a ON t.account_id = a.id;
