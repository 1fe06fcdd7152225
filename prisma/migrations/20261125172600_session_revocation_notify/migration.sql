-- Every deleted session (logout, password change, disabled user, expiry) is announced, so the collab server
-- can close that session's sockets at once, from whichever process deleted it.
CREATE FUNCTION erp_notify_session_revoked() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('erp_session_revoked', json_build_object('sessionId', OLD.id, 'userId', OLD.user_id)::text);
  RETURN OLD;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER sessions_notify_revoked AFTER DELETE ON "sessions"
  FOR EACH ROW EXECUTE FUNCTION erp_notify_session_revoked();
