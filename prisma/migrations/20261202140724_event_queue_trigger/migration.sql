-- Every committed event is queued for the trigger dispatcher in its own transaction (a rollback queues
-- nothing), and wakes the trigger engines as before (engine/src/triggers/trigger-runner.ts): one statement
-- inserting many events queues them with one insert and one notification.
CREATE FUNCTION erp_queue_events() RETURNS trigger AS $$
BEGIN
  INSERT INTO "event_queue" ("seq") SELECT "seq" FROM new_events;
  PERFORM pg_notify('erp_events', TG_TABLE_NAME);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER "events_notify" ON "events";

CREATE TRIGGER "events_queue" AFTER INSERT ON "events" REFERENCING NEW TABLE AS new_events
  FOR EACH STATEMENT EXECUTE FUNCTION erp_queue_events();
