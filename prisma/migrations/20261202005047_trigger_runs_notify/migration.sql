-- Events from before triggers existed are history, not work: the dispatcher starts with what comes next.
UPDATE "events" SET "dispatched_at" = "created_at" WHERE "dispatched_at" IS NULL;

-- The dispatcher's queue: events not yet turned into trigger runs, in order.
CREATE INDEX "events_undispatched_idx" ON "events" ("seq") WHERE "dispatched_at" IS NULL;

-- An action made pending (a new run's first action, the next one, a retry) is due at once.
CREATE INDEX "trigger_actions_pending_idx" ON "trigger_actions" ("available_at") WHERE "status" = 'pending';

-- A committed event, or a trigger action made pending (by a run, the previous action, an admin's retry), wakes
-- the trigger engines at once (engine/src/triggers/trigger-runner.ts); one notification per statement is
-- enough, the payload is not read.
CREATE FUNCTION erp_notify_trigger_work() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('erp_events', '');
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER events_notify AFTER INSERT ON "events"
  FOR EACH STATEMENT EXECUTE FUNCTION erp_notify_trigger_work();

CREATE TRIGGER trigger_actions_notify AFTER INSERT OR UPDATE OF status ON "trigger_actions"
  FOR EACH STATEMENT EXECUTE FUNCTION erp_notify_trigger_work();
