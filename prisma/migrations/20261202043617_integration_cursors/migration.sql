-- CreateTable
CREATE TABLE "integration_cursors" (
    "trigger_id" UUID NOT NULL,
    "source" TEXT NOT NULL,
    "cursor" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "integration_cursors_pkey" PRIMARY KEY ("trigger_id")
);
