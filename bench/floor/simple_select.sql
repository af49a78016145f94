SELECT * FROM event_session WHERE account_id = %s AND id_random = %s
