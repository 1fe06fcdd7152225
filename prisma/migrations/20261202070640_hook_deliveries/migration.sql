-- CreateEnum
CREATE TYPE "HookDeliveryOutcome" AS ENUM ('accepted', 'replayed', 'unsigned', 'stale', 'bad_signature', 'bad_body');

-- CreateTable
CREATE TABLE "hook_deliveries" (
    "id" UUID NOT NULL,
    "hook_id" UUID NOT NULL,
    "outcome" "HookDeliveryOutcome" NOT NULL,
    "message_id" TEXT,
    "event_id" TEXT,
    "size" INTEGER NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "hook_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "hook_deliveries_hook_id_received_at_idx" ON "hook_deliveries"("hook_id", "received_at");

-- AddForeignKey
ALTER TABLE "hook_deliveries" ADD CONSTRAINT "hook_deliveries_hook_id_fkey" FOREIGN KEY ("hook_id") REFERENCES "hooks"("id") ON DELETE CASCADE ON UPDATE CASCADE;
