-- DropIndex
DROP INDEX "Project_leadLeaderId_idx";

-- CreateIndex
CREATE INDEX "Project_isKey_deletedAt_stage_stageEnteredAt_lastFollowUpAt_idx" ON "Project"("isKey", "deletedAt", "stage", "stageEnteredAt", "lastFollowUpAt");

-- CreateIndex
CREATE INDEX "Project_leadLeaderId_deletedAt_stage_stageEnteredAt_lastFollowUpAt_idx" ON "Project"("leadLeaderId", "deletedAt", "stage", "stageEnteredAt", "lastFollowUpAt");

-- CreateIndex
CREATE INDEX "FollowUp_projectId_nextActionDue_idx" ON "FollowUp"("projectId", "nextActionDue");

