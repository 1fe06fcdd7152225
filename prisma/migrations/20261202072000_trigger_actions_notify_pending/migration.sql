-- Only an action made pending is work for the action runners: rows the dispatcher writes already done (an
-- own-data action it ran in the run's transaction) or waiting wake nobody. A row trigger with a WHEN clause
-- fires for pending rows only; PostgreSQL delivers identical notifications of one transaction once, so a batch
-- still wakes the runners once (engine/src/triggers/trigger-runner.ts).
DROP TRIGGER "trigger_actions_notify" ON "trigger_actions";

CREATE TRIGGER "trigger_actions_notify" AFTER INSERT OR UPDATE OF "status" ON "trigger_actions"
  FOR EACH ROW WHEN (NEW."status" = 'pending') EXECUTE FUNCTION erp_notify_trigger_work();
