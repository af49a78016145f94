-- Accounts (tenants). id and account_id are internal: the API never selects them.
CREATE OR REPLACE VIEW v_account AS
SELECT
    a.id,
    a.id AS account_id,
    a.id_random,
    a.name,
    a.code,
    a.description,
    a.enable,
    a.enable_from,
    a.enable_to,
    a.created_on,
    a.updated_on
FROM account AS a;
