-- journal_entry: public ids in place of every integer reference. id, account_id and journal_id are internal.
CREATE OR REPLACE VIEW v_journal_entry AS
SELECT
    t.id,
    t.account_id,
    t.journal_id,
    t.id_random,
    a.id_random AS account_id_random,
    r_journal.id_random AS journal_id_random,
    r_person.id_random AS person_id_random,
    t.name,
    t.content,
    t.entry_on,
    t.meta_json,
    t.enable,
    t.hide,
    t.sort,
    t.created_on,
    t.updated_on
FROM journal_entry AS t
INNER JOIN account AS a ON t.account_id = a.id
INNER JOIN journal AS r_journal ON t.journal_id = r_journal.id
LEFT JOIN person AS r_person ON t.person_id = r_person.id;
