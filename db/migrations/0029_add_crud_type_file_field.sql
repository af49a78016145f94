-- file_field: the public field of a type that names the hosted_file holding the object's bytes,
-- so /v3/action/file/{id_random}/download streams them for any object of the type. hosted_file
-- itself needs none. A badge template's artwork is the first such reference.
ALTER TABLE crud_type
ADD COLUMN IF NOT EXISTS file_field VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL AFTER parameter_aliases;

UPDATE crud_type SET file_field = 'hosted_file_id_random'
WHERE name = 'event_file';

ALTER TABLE event_badge_template
ADD COLUMN IF NOT EXISTS hosted_file_id INT UNSIGNED NULL AFTER layout_json,
ADD KEY IF NOT EXISTS ix_event_badge_template_hosted_file (hosted_file_id),
ADD CONSTRAINT fk_event_badge_template_hosted_file FOREIGN KEY IF NOT EXISTS (hosted_file_id)
REFERENCES hosted_file (id) ON DELETE SET NULL;

UPDATE crud_type SET
    file_field = 'hosted_file_id_random',
    writable_fields = CONCAT(writable_fields, ',hosted_file_id_random')
WHERE name = 'event_badge_template' AND FIND_IN_SET('hosted_file_id_random', writable_fields) = 0;
