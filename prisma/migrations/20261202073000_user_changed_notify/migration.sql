-- A user whose name, email, roles or disabled state changed is announced (payload: the user's id), so the API's
-- session caches forget that user's sessions at once, from whichever process changed it.
CREATE FUNCTION erp_notify_user_changed() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('erp_user_changed', NEW.id::text);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER users_notify_changed AFTER UPDATE ON "users"
  FOR EACH ROW
  WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.email IS DISTINCT FROM NEW.email
    OR OLD.roles IS DISTINCT FROM NEW.roles OR OLD.disabled_at IS DISTINCT FROM NEW.disabled_at)
  EXECUTE FUNCTION erp_notify_user_changed();
