-- AlterTable (by hand: the generated step dropped the column and added an empty one). A run made before keeps
-- its whole context here, which reads the same as what it added: its event's payload || it.
ALTER TABLE "trigger_runs" RENAME COLUMN "context" TO "context_added";
ALTER TABLE "trigger_runs" ALTER COLUMN "context_added" DROP NOT NULL;
