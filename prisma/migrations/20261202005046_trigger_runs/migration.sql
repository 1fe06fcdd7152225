-- CreateEnum
CREATE TYPE "TriggerRunOutcome" AS ENUM ('running', 'completed', 'failed', 'skipped', 'depthLimited');

-- CreateEnum
CREATE TYPE "TriggerActionStatus" AS ENUM ('waiting', 'pending', 'done', 'skipped', 'dead');

-- AlterTable
ALTER TABLE "events" ADD COLUMN     "dispatched_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "trigger_runs" (
    "id" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "document_id" UUID NOT NULL,
    "version_number" INTEGER NOT NULL,
    "depth" INTEGER NOT NULL,
    "outcome" "TriggerRunOutcome" NOT NULL,
    "context" JSONB NOT NULL,
    "evaluation" JSONB,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "trigger_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "trigger_actions" (
    "id" UUID NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "run_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "action_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "status" "TriggerActionStatus" NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "available_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "result" JSONB,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "trigger_actions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "trigger_causes" (
    "instance_id" UUID NOT NULL,
    "run_id" TEXT NOT NULL,
    "depth" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "trigger_causes_pkey" PRIMARY KEY ("instance_id")
);

-- CreateTable
CREATE TABLE "outbox_messages" (
    "id" UUID NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,
    "to" TEXT[],
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "sent_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "outbox_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "secrets" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "ciphertext" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "secrets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "hooks" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "secret_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "hooks_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "trigger_runs_document_id_created_at_idx" ON "trigger_runs"("document_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "trigger_actions_idempotency_key_key" ON "trigger_actions"("idempotency_key");

-- CreateIndex
CREATE INDEX "trigger_actions_status_available_at_idx" ON "trigger_actions"("status", "available_at");

-- CreateIndex
CREATE UNIQUE INDEX "trigger_actions_run_id_position_key" ON "trigger_actions"("run_id", "position");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_messages_idempotency_key_key" ON "outbox_messages"("idempotency_key");

-- CreateIndex
CREATE INDEX "outbox_messages_created_at_idx" ON "outbox_messages"("created_at");

-- AddForeignKey
ALTER TABLE "trigger_actions" ADD CONSTRAINT "trigger_actions_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "trigger_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
