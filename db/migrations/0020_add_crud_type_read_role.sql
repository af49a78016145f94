-- read_role: the role a credential needs to list, search and read a type's objects (its schema
-- stays readable with `read`). A member list shows emails, roles and last logins: `user` needs admin.
ALTER TABLE crud_type
ADD COLUMN IF NOT EXISTS read_role ENUM('read', 'write', 'admin') NOT NULL DEFAULT 'read' AFTER write_role;

UPDATE crud_type SET read_role = 'admin'
WHERE name = 'user';
