-- person: public ids in place of every integer reference. id and account_id are internal.
CREATE OR REPLACE VIEW v_person AS
SELECT
    t.id,
    t.account_id,
    t.id_random,
    a.id_random AS account_id_random,
    r_user.id_random AS user_id_random,
    t.given_name,
    t.family_name,
    t.name,
    t.email,
    t.phone,
    t.organization,
    t.title,
    t.bio,
    t.photo_path,
    t.meta_json,
    t.enable,
    t.hide,
    t.sort,
    t.created_on,
    t.updated_on
FROM person AS t
INNER JOIN account AS a ON t.account_id = a.id
LEFT JOIN user AS r_user ON t.user_id = r_user.id;
