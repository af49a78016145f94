-- Registers the first object types. Field lists: see 0002_create_crud_type.sql.
INSERT INTO crud_type (
    name, table_name, view_name, parent_name, parent_column, writable_fields, searchable_fields,
    default_sort, write_role, insert_procedure, update_procedure, delete_procedure, description
) VALUES
(
    'account', 'account', 'v_account', NULL, NULL,
    'name,code,description',
    'id_random,name,code,enable,created_on,updated_on',
    'name', 'admin', NULL, 'crud_update', NULL,
    'The caller''s own account (tenant). Accounts are created with `aether create-account`.'
),
(
    'site', 'site', 'v_site', NULL, NULL,
    'name,code,description,cfg_json,logo_path,style_href,script_src,google_tracking_id,enable,enable_from,enable_to,sort',
    'id_random,name,code,enable,sort,created_on,updated_on',
    'sort,name', 'write', 'crud_insert', 'crud_update', 'crud_delete',
    'A web site of the account.'
),
(
    'site_domain', 'site_domain', 'v_site_domain', 'site', 'site_id',
    'domain,access_key,is_primary,description,enable,hide,sort',
    'id_random,site_id_random,domain,is_primary,enable,hide,sort,created_on,updated_on',
    'sort,domain', 'write', 'crud_insert', 'crud_update', 'crud_delete',
    'A host name that serves a site.'
),
(
    'user', 'user', 'v_user', NULL, NULL,
    'email,name,role',
    'id_random,email,name,role,enable,created_on,updated_on',
    'email', 'admin', 'user_member_insert', 'user_member_update', 'user_member_delete',
    'A person who can log in, as a member of this account (role is their role here).'
),
(
    'person', 'person', 'v_person', NULL, NULL,
    'user_id_random,given_name,family_name,name,email,phone,organization,title,bio,photo_path,meta_json,enable,hide,sort',
    'id_random,user_id_random,given_name,family_name,name,email,organization,enable,hide,sort,created_on,updated_on',
    'sort,name', 'write', 'crud_insert', 'crud_update', 'crud_delete',
    'A person the account knows: member, speaker, author.'
),
(
    'contact', 'contact', 'v_contact', NULL, NULL,
    'for_type,for_id_random,kind,label,value,is_primary,enable,hide,sort',
    'id_random,for_type,for_id_random,kind,value,is_primary,enable,hide,sort,created_on,updated_on',
    'sort,created_on', 'write', 'crud_insert', 'crud_update', 'crud_delete',
    'A way to reach the object it belongs to (for_type, for_id_random).'
),
(
    'address', 'address', 'v_address', NULL, NULL,
    'for_type,for_id_random,kind,label,line_1,line_2,city,region,postal_code,country_code,is_primary,enable,hide,sort',
    'id_random,for_type,for_id_random,kind,city,region,postal_code,country_code,is_primary,enable,hide,sort,created_on,updated_on',
    'sort,created_on', 'write', 'crud_insert', 'crud_update', 'crud_delete',
    'A postal address of the object it belongs to (for_type, for_id_random).'
),
(
    'data_store', 'data_store', 'v_data_store', NULL, NULL,
    'for_type,for_id_random,code,name,description,data_json,enable,hide,sort',
    'id_random,for_type,for_id_random,code,name,enable,hide,sort,created_on,updated_on',
    'sort,code', 'write', 'crud_insert', 'crud_update', 'crud_delete',
    'Free-form JSON kept for the object it belongs to, one per code.'
),
(
    'page', 'page', 'v_page', NULL, NULL,
    'site_id_random,name,code,summary,content,content_format,publish_on,meta_json,enable,hide,sort',
    'id_random,site_id_random,name,code,content_format,publish_on,enable,hide,sort,created_on,updated_on',
    'sort,name', 'write', 'crud_insert', 'crud_update', 'crud_delete',
    'A CMS page.'
),
(
    'post', 'post', 'v_post', NULL, NULL,
    'site_id_random,person_id_random,name,code,summary,content,content_format,topic,publish_on,meta_json,enable,hide,sort',
    'id_random,site_id_random,person_id_random,name,code,topic,publish_on,enable,hide,sort,created_on,updated_on',
    '-publish_on,name', 'write', 'crud_insert', 'crud_update', 'crud_delete',
    'A CMS post (news, bulletin board).'
),
(
    'journal', 'journal', 'v_journal', NULL, NULL,
    'name,code,description,meta_json,enable,hide,sort',
    'id_random,name,code,enable,hide,sort,created_on,updated_on',
    'sort,name', 'write', 'crud_insert', 'crud_update', 'crud_delete',
    'A journal: a named series of entries.'
),
(
    'journal_entry', 'journal_entry', 'v_journal_entry', 'journal', 'journal_id',
    'person_id_random,name,content,entry_on,meta_json,enable,hide,sort',
    'id_random,journal_id_random,person_id_random,name,entry_on,enable,hide,sort,created_on,updated_on',
    '-entry_on,sort', 'write', 'crud_insert', 'crud_update', 'crud_delete',
    'One entry of a journal.'
),
(
    'event', 'event', 'v_event', NULL, NULL,
    'site_id_random,name,code,description,time_zone,venue_name,cfg_json,start_on,end_on,enable,hide,sort',
    'id_random,site_id_random,name,code,time_zone,start_on,end_on,enable,hide,sort,created_on,updated_on',
    '-start_on,name', 'write', 'crud_insert', 'crud_update', 'crud_delete',
    'An event: a conference, a meeting, a show.'
),
(
    'event_track', 'event_track', 'v_event_track', 'event', 'event_id',
    'name,code,description,color,enable,hide,sort',
    'id_random,event_id_random,name,code,enable,hide,sort,created_on,updated_on',
    'sort,name', 'write', 'crud_insert', 'crud_update', 'crud_delete',
    'A track (theme) of an event''s sessions.'
),
(
    'event_location', 'event_location', 'v_event_location', 'event', 'event_id',
    'name,code,description,floor,capacity,enable,hide,sort',
    'id_random,event_id_random,name,code,floor,capacity,enable,hide,sort,created_on,updated_on',
    'sort,name', 'write', 'crud_insert', 'crud_update', 'crud_delete',
    'A room or place of an event.'
),
(
    'event_person', 'event_person', 'v_event_person', 'event', 'event_id',
    'person_id_random,given_name,family_name,name,email,organization,title,kind,bio,meta_json,enable,hide,sort',
    'id_random,event_id_random,person_id_random,given_name,family_name,name,email,organization,kind,enable,hide,sort,created_on,updated_on',
    'sort,name', 'write', 'crud_insert', 'crud_update', 'crud_delete',
    'A person taking part in an event.'
),
(
    'event_session', 'event_session', 'v_event_session', 'event', 'event_id',
    'event_track_id_random,event_location_id_random,name,code,description,session_type,meta_json,start_on,end_on,enable,hide,sort',
    'id_random,event_id_random,event_track_id_random,event_location_id_random,name,code,session_type,start_on,end_on,enable,hide,sort,created_on,updated_on',
    'start_on,sort,name', 'write', 'crud_insert', 'crud_update', 'crud_delete',
    'A session of an event, in a track and a location.'
),
(
    'event_presentation', 'event_presentation', 'v_event_presentation', 'event', 'event_id',
    'event_session_id_random,name,code,description,meta_json,start_on,end_on,enable,hide,sort',
    'id_random,event_id_random,event_session_id_random,name,code,start_on,end_on,enable,hide,sort,created_on,updated_on',
    'start_on,sort,name', 'write', 'crud_insert', 'crud_update', 'crud_delete',
    'A presentation, usually within a session.'
),
(
    'event_presenter', 'event_presenter', 'v_event_presenter', 'event', 'event_id',
    'event_person_id_random,event_presentation_id_random,role,description,enable,hide,sort',
    'id_random,event_id_random,event_person_id_random,event_presentation_id_random,role,enable,hide,sort,created_on,updated_on',
    'sort,created_on', 'write', 'crud_insert', 'crud_update', 'crud_delete',
    'An event person presenting a presentation.'
),
(
    'event_registration', 'event_registration', 'v_event_registration', 'event', 'event_id',
    'event_person_id_random,code,status,registered_on,checked_in_on,meta_json,enable,hide,sort',
    'id_random,event_id_random,event_person_id_random,code,status,registered_on,checked_in_on,enable,hide,sort,created_on,updated_on',
    '-registered_on,created_on', 'write', 'crud_insert', 'crud_update', 'crud_delete',
    'An event person''s registration.'
),
(
    'event_device', 'event_device', 'v_event_device', 'event', 'event_id',
    'event_location_id_random,name,code,description,kind,last_seen_on,cfg_json,enable,hide,sort',
    'id_random,event_id_random,event_location_id_random,name,code,kind,last_seen_on,enable,hide,sort,created_on,updated_on',
    'sort,name', 'write', 'crud_insert', 'crud_update', 'crud_delete',
    'A kiosk, launcher, scanner or printer used at an event.'
),
(
    'event_abstract', 'event_abstract', 'v_event_abstract', 'event', 'event_id',
    'event_person_id_random,name,code,content,status,submitted_on,meta_json,enable,hide,sort',
    'id_random,event_id_random,event_person_id_random,name,code,status,submitted_on,enable,hide,sort,created_on,updated_on',
    'sort,name', 'write', 'crud_insert', 'crud_update', 'crud_delete',
    'An abstract submitted for an event.'
),
(
    'event_badge_template', 'event_badge_template', 'v_event_badge_template', 'event', 'event_id',
    'name,code,description,width_mm,height_mm,layout_json,enable,hide,sort',
    'id_random,event_id_random,name,code,enable,hide,sort,created_on,updated_on',
    'sort,name', 'write', 'crud_insert', 'crud_update', 'crud_delete',
    'A badge layout of an event.'
),
(
    'event_badge', 'event_badge', 'v_event_badge', 'event', 'event_id',
    'event_registration_id_random,event_badge_template_id_random,name,print_count,printed_on,data_json,enable,hide,sort',
    'id_random,event_id_random,event_registration_id_random,event_badge_template_id_random,name,print_count,printed_on,enable,hide,sort,created_on,updated_on',
    'sort,name', 'write', 'crud_insert', 'crud_update', 'crud_delete',
    'A badge printed for a registration.'
);
