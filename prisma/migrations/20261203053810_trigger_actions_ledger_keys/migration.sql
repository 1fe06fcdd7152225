-- The idempotency key is run:position:action, unique because (run_id, position) is: its own unique index was a
-- second entry per action that no statement reads by.
DROP INDEX "trigger_actions_idempotency_key_key";

-- The relation stays in schema.prisma (Prisma's include), the check goes: see the comment on TriggerAction.run.
ALTER TABLE "trigger_actions" DROP CONSTRAINT "trigger_actions_run_id_fkey";
