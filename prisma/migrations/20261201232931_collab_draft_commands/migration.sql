-- CreateTable
CREATE TABLE "collab_processes" (
    "id" UUID NOT NULL,
    "heartbeat_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "collab_processes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "collab_commands" (
    "id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "document_id" UUID NOT NULL,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "acked_by" UUID[],
    "claimed_by" UUID,
    "result" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "collab_commands_pkey" PRIMARY KEY ("id")
);
