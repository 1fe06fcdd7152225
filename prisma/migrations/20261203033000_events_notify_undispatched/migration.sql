-- Events written already dispatched (no live trigger listens to their type, `dispatchedAtSql`) are no work for
-- the trigger engines: their notification says so, and wakes no dispatcher (engine/src/triggers/trigger-runner.ts)
-- — under the API's completions every commit used to wake a dispatcher pass that found nothing. They still
-- notify: the dataset caches drop their results on any event (api/src/modules/datasets/result-cache.ts).
CREATE FUNCTION erp_notify_events() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('erp_events', CASE WHEN EXISTS (SELECT 1 FROM inserted WHERE dispatched_at IS NULL)
                                       THEN 'events' ELSE 'events.dispatched' END);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER "events_notify" ON "events";

CREATE TRIGGER "events_notify" AFTER INSERT ON "events" REFERENCING NEW TABLE AS inserted
  FOR EACH STATEMENT EXECUTE FUNCTION erp_notify_events();
