-- The tasks a person completed, by that person: who may see a task is its assignee, its queue's candidates and
-- whoever completed it (api/src/modules/flows/task-access.ts). Without this index that OR could not be answered
-- from indexes, so the inbox's overdue count read every overdue open task of the company before keeping the
-- caller's (77.7 ms over 120k overdue of 300k tasks; 0.2 ms with it, a BitmapOr of the three). Deleting a user
-- (completed_by_id is set to null) no longer scans the tasks either.
CREATE INDEX "tasks_completed_by_id_idx" ON "tasks" ("completed_by_id");
