-- CreateTable
CREATE TABLE "event_queue" (
    "seq" BIGINT NOT NULL,

    CONSTRAINT "event_queue_pkey" PRIMARY KEY ("seq")
);

-- Events the dispatcher had not reached yet stay its work (added by hand: the generated step only dropped the
-- column that marked them).
INSERT INTO "event_queue" ("seq") SELECT "seq" FROM "events" WHERE "dispatched_at" IS NULL;

-- AlterTable (drops events_undispatched_idx with it)
ALTER TABLE "events" DROP COLUMN "dispatched_at";
