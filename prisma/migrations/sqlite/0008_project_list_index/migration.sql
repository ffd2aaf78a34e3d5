-- DropIndex
DROP INDEX "Project_stage_idx";

-- CreateIndex
CREATE INDEX "Project_stage_deletedAt_updatedAt_code_idx" ON "Project"("stage", "deletedAt", "updatedAt", "code");

