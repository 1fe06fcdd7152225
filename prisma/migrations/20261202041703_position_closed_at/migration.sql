-- AlterTable
ALTER TABLE "positions" ADD COLUMN     "closed_at" TIMESTAMPTZ(3);
