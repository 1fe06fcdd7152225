-- Uploads are mostly compressed already (PDF, images, office files): store them out of line without pglz
-- spending CPU on a compression that gains nothing.
ALTER TABLE "file_contents" ALTER COLUMN "bytes" SET STORAGE EXTERNAL;

-- The purge's queue: files never attached, oldest first.
CREATE INDEX "files_unattached_idx" ON "files" ("created_at") WHERE "attached_at" IS NULL;
