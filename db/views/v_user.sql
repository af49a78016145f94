-- People who can log in, one row per account they belong to: a user is visible only inside
-- the accounts that made them a member. role is their role in that account.
CREATE OR REPLACE VIEW v_user AS
SELECT
    u.id,
    m.account_id,
    u.id_random,
    a.id_random AS account_id_random,
    u.email,
    u.name,
    m.role,
    u.enable,
    u.last_login_on,
    u.created_on,
    u.updated_on
FROM account_user AS m
INNER JOIN user AS u ON m.user_id = u.id
INNER JOIN account AS a ON m.account_id = a.id;
