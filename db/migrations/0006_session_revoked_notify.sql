-- Every process caches "this session is active" for under a second; this tells them at once
-- when it no longer is. A trigger rather than a pg_notify in each revoking query: no way of
-- ending a session (sign-out, revoking one or the others, password change, refresh-token
-- replay, an operator's UPDATE or DELETE) can forget it. NOTIFY is sent on commit only.
CREATE FUNCTION notify_session_revoked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('session_revoked', OLD.id::text);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER sessions_revoked_notify
  AFTER UPDATE OF revoked_at ON sessions
  FOR EACH ROW WHEN (OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL)
  EXECUTE FUNCTION notify_session_revoked();
--> statement-breakpoint
CREATE TRIGGER sessions_deleted_notify
  AFTER DELETE ON sessions
  FOR EACH ROW EXECUTE FUNCTION notify_session_revoked();
