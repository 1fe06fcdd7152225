-- The ledger's unfinished rows by status (waiting, pending, dead: the dead-letter list, its updated_at order,
-- "is anything left"). Done rows, nearly all of the ledger, are no entry here: the trigger dispatcher writes a
-- done row per action it runs (engine/src/triggers/dispatch.ts), and every index entry of it was work for a
-- database that is the bottleneck of event throughput (bench P5). Due pending rows keep their own index
-- (trigger_actions_pending_idx).
CREATE INDEX "trigger_actions_unfinished_idx" ON "trigger_actions" ("status", "updated_at") WHERE "status" <> 'done';
