-- A flow step committed as pending (new, or put back by a retry) wakes the engines at once: the payload is its
-- instance, whose pending steps the engine then applies in order (engine/src/flows/flow-runner.ts).
CREATE FUNCTION erp_notify_flow_step() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('flow_steps', NEW.instance_id::text);
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER flow_steps_notify AFTER INSERT OR UPDATE OF status ON "flow_steps"
  FOR EACH ROW WHEN (NEW.status = 'pending') EXECUTE FUNCTION erp_notify_flow_step();

-- A task created or changed concerns its assignee and its queue, before and after: their portals reload it
-- (api/src/modules/flows/task-events.ts). A queue too large for one notification names nobody: everyone checks.
CREATE FUNCTION erp_notify_task_changed() RETURNS trigger AS $$
DECLARE
  people uuid[] := array_remove(array_prepend(NEW.assignee_id, coalesce(NEW.candidate_ids, '{}')), NULL);
BEGIN
  IF TG_OP = 'UPDATE' THEN
    people := people || array_remove(array_prepend(OLD.assignee_id, coalesce(OLD.candidate_ids, '{}')), NULL);
  END IF;
  PERFORM pg_notify('erp_task_changed', json_build_object(
    'taskId', NEW.id,
    'userIds', CASE WHEN cardinality(people) > 100 THEN NULL ELSE to_json(people) END
  )::text);
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER tasks_notify_changed AFTER INSERT OR UPDATE ON "tasks"
  FOR EACH ROW EXECUTE FUNCTION erp_notify_task_changed();
