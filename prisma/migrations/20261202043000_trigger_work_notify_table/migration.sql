-- The notification names the table whose change it announces, so a trigger engine wakes only the loop with
-- work: a committed event the dispatcher, an action made pending the action runners
-- (engine/src/triggers/trigger-runner.ts). Every event used to wake every loop three times over.
CREATE OR REPLACE FUNCTION erp_notify_trigger_work() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('erp_events', TG_TABLE_NAME);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
