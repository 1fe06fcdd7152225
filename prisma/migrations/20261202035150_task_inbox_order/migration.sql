-- DropIndex
DROP INDEX "tasks_assignee_id_status_due_at_idx";

-- CreateIndex
CREATE INDEX "tasks_assignee_id_status_due_at_id_idx" ON "tasks"("assignee_id", "status", "due_at", "id");
