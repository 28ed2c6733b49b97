-- The stored-events table is append-only: corrections are new events.
-- Idempotent: safe to apply at every start.
CREATE OR REPLACE FUNCTION pmr_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'registry_events is append-only: corrections are new events'
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

DROP TRIGGER IF EXISTS registry_events_no_update_delete ON registry_events;
CREATE TRIGGER registry_events_no_update_delete
    BEFORE UPDATE OR DELETE ON registry_events
    FOR EACH ROW EXECUTE FUNCTION pmr_refuse_change();

DROP TRIGGER IF EXISTS registry_events_no_truncate ON registry_events;
CREATE TRIGGER registry_events_no_truncate
    BEFORE TRUNCATE ON registry_events
    FOR EACH STATEMENT EXECUTE FUNCTION pmr_refuse_change();

REVOKE UPDATE, DELETE, TRUNCATE ON registry_events FROM PUBLIC;

-- The role production runs the API as: it may read and append, nothing else.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pmr_app') THEN
        CREATE ROLE pmr_app NOLOGIN;
    END IF;
END
$$;
GRANT SELECT, INSERT ON registry_events TO pmr_app;
REVOKE UPDATE, DELETE, TRUNCATE ON registry_events FROM pmr_app;
GRANT USAGE ON SEQUENCE registry_events_notification_id_seq TO pmr_app;
