-- Invitations of an account (admin role to read): who is invited, with which role, until when.
-- The token's hash stays in the table.
CREATE OR REPLACE VIEW v_user_invitation AS
SELECT
    i.id,
    i.account_id,
    i.id_random,
    a.id_random AS account_id_random,
    i.email,
    i.role,
    i.name,
    i.expires_on,
    i.created_on,
    i.updated_on
FROM user_invitation AS i
INNER JOIN account AS a ON i.account_id = a.id;
