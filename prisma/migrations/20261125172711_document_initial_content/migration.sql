-- AlterTable
ALTER TABLE "documents" ADD COLUMN     "initial_content" JSONB;
