-- CreateIndex
CREATE INDEX "audit_log_action_id_idx" ON "audit_log"("action", "id");

-- CreateIndex
CREATE INDEX "audit_log_target_type_target_id_id_idx" ON "audit_log"("target_type", "target_id", "id");

-- Dated assignments (not expressible in schema.prisma): a period never ends before it starts, a person holds at
-- most one open position assignment, and at most one open assignment of the same company role. The API ends the
-- open row before adding the next one; these make a racing second request fail instead of forking history.
ALTER TABLE "position_assignments" ADD CONSTRAINT "position_assignments_period_check"
  CHECK ("valid_to" IS NULL OR "valid_to" >= "valid_from");
CREATE UNIQUE INDEX "position_assignments_one_open_per_user"
  ON "position_assignments"("user_id") WHERE "valid_to" IS NULL;

ALTER TABLE "org_role_assignments" ADD CONSTRAINT "org_role_assignments_period_check"
  CHECK ("valid_to" IS NULL OR "valid_to" >= "valid_from");
CREATE UNIQUE INDEX "org_role_assignments_one_open_per_user_role"
  ON "org_role_assignments"("user_id", "org_role_id") WHERE "valid_to" IS NULL;
