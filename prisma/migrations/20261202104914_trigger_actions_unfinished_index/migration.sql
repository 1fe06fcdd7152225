-- DropIndex
DROP INDEX "trigger_actions_status_available_at_idx";
