-- view=alt for site_domain and event_session (db/views/v_*_alt.sql); their extra fields are
-- searchable, but only with view=alt.
UPDATE crud_type SET
    alt_view_name = 'v_site_domain_alt',
    searchable_fields = CONCAT(
        searchable_fields,
        ',account_name,account_code,account_enable,account_enable_from,account_enable_to,',
        'site_enable_from,site_enable_to,site_domain_access_key,logo_path,style_href,script_src,google_tracking_id'
    )
WHERE name = 'site_domain';

UPDATE crud_type SET
    alt_view_name = 'v_event_session_alt',
    searchable_fields = CONCAT(
        searchable_fields,
        ',event_track_name,event_location_name,event_presentation_li_qry_str,event_presenter_li_qry_str'
    )
WHERE name = 'event_session';
