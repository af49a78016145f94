-- Indexes for the default sort order of every type, ending in id_random (the tie-breaker of
-- every list), so a page of a list, and every keyset page after it, is read in index order.
-- Top-level types: (account_id, sort...). Child types: (account_id, parent, sort...) only, for
-- their nested lists; with both, MariaDB picks the account one for a nested list and reads
-- every sibling parent's rows too.

CREATE INDEX IF NOT EXISTS ix_address_sort ON address (account_id, sort, created_on, id_random);
CREATE INDEX IF NOT EXISTS ix_contact_sort ON contact (account_id, sort, created_on, id_random);
CREATE INDEX IF NOT EXISTS ix_data_store_sort ON data_store (account_id, sort, code, id_random);
CREATE INDEX IF NOT EXISTS ix_event_sort ON event (account_id, start_on DESC, name, id_random);
CREATE INDEX IF NOT EXISTS ix_event_abstract_parent_sort ON event_abstract (account_id, event_id, sort, name, id_random);
CREATE INDEX IF NOT EXISTS ix_event_badge_parent_sort ON event_badge (account_id, event_id, sort, name, id_random);
CREATE INDEX IF NOT EXISTS ix_event_badge_template_parent_sort ON event_badge_template (account_id, event_id, sort, name, id_random);
CREATE INDEX IF NOT EXISTS ix_event_device_parent_sort ON event_device (account_id, event_id, sort, name, id_random);
CREATE INDEX IF NOT EXISTS ix_event_location_parent_sort ON event_location (account_id, event_id, sort, name, id_random);
CREATE INDEX IF NOT EXISTS ix_event_person_parent_sort ON event_person (account_id, event_id, sort, name, id_random);
CREATE INDEX IF NOT EXISTS ix_event_presentation_parent_sort ON event_presentation (account_id, event_id, start_on, sort, name, id_random);
CREATE INDEX IF NOT EXISTS ix_event_presenter_parent_sort ON event_presenter (account_id, event_id, sort, created_on, id_random);
CREATE INDEX IF NOT EXISTS ix_event_registration_parent_sort ON event_registration (account_id, event_id, registered_on DESC, created_on, id_random);
CREATE INDEX IF NOT EXISTS ix_event_session_parent_sort ON event_session (account_id, event_id, start_on, sort, name, id_random);
CREATE INDEX IF NOT EXISTS ix_event_track_parent_sort ON event_track (account_id, event_id, sort, name, id_random);
CREATE INDEX IF NOT EXISTS ix_journal_sort ON journal (account_id, sort, name, id_random);
CREATE INDEX IF NOT EXISTS ix_journal_entry_parent_sort ON journal_entry (account_id, journal_id, entry_on DESC, sort, id_random);
CREATE INDEX IF NOT EXISTS ix_page_sort ON page (account_id, sort, name, id_random);
CREATE INDEX IF NOT EXISTS ix_person_sort ON person (account_id, sort, name, id_random);
CREATE INDEX IF NOT EXISTS ix_post_sort ON post (account_id, publish_on DESC, name, id_random);
CREATE INDEX IF NOT EXISTS ix_site_sort ON site (account_id, sort, name, id_random);
CREATE INDEX IF NOT EXISTS ix_site_domain_parent_sort ON site_domain (account_id, site_id, sort, domain, id_random);
