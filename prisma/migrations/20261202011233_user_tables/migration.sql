-- CreateTable
CREATE TABLE "user_tables" (
    "document_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "definition" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "user_tables_pkey" PRIMARY KEY ("document_id")
);

-- AddForeignKey
ALTER TABLE "user_tables" ADD CONSTRAINT "user_tables_document_id_fkey" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- User tables live in their own schema, never beside the platform's tables (hand-written).
CREATE SCHEMA IF NOT EXISTS "user_data";
