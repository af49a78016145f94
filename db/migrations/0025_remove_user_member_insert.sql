-- People join an account only by accepting an invitation: POST /v3/crud/user is no longer
-- offered, and the procedure that enrolled any email without its owner's consent is gone.
UPDATE crud_type SET insert_procedure = NULL
WHERE name = 'user';

DROP PROCEDURE IF EXISTS user_member_insert;
