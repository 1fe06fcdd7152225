-- AlterTable
ALTER TABLE "trigger_runs" ADD COLUMN     "ledger" JSONB;
