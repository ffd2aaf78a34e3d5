-- CreateTable
CREATE TABLE "Site" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "regionId" TEXT NOT NULL,
    "address" TEXT,
    "areaSqm" REAL,
    "areaMu" REAL,
    "floors" INTEGER,
    "powerKva" REAL,
    "waterTonsPerDay" REAL,
    "maxEiaCategory" TEXT,
    "status" TEXT NOT NULL DEFAULT 'VACANT',
    "holderProjectId" TEXT,
    "occupantName" TEXT,
    "landPriceWanPerMu" REAL,
    "rentYuanPerSqmMonth" REAL,
    "notes" TEXT,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "deletedAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "Site_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Site_holderProjectId_fkey" FOREIGN KEY ("holderProjectId") REFERENCES "Project" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ProjectSiteNeeds" (
    "projectId" TEXT NOT NULL PRIMARY KEY,
    "landMu" REAL,
    "floorSqm" REAL,
    "powerKva" REAL,
    "eiaCategory" TEXT,
    "regionIds" TEXT NOT NULL DEFAULT '',
    "siteKinds" TEXT NOT NULL DEFAULT '',
    "notes" TEXT,
    "updatedAt" DATETIME NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "ProjectSiteNeeds_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SiteCandidate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "projectId" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'RECOMMENDED',
    "overrideReason" TEXT,
    "statusReason" TEXT,
    "statusAutoKey" TEXT,
    "proposedById" TEXT,
    "statusAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "notes" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "SiteCandidate_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "SiteCandidate_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "SiteCandidate_proposedById_fkey" FOREIGN KEY ("proposedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SiteVisit" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "candidateId" TEXT NOT NULL,
    "visitedAt" DATETIME NOT NULL,
    "participants" TEXT NOT NULL,
    "impressions" TEXT,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "deletedAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "SiteVisit_candidateId_fkey" FOREIGN KEY ("candidateId") REFERENCES "SiteCandidate" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Contract" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "projectId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "signedAt" DATETIME NOT NULL,
    "title" TEXT,
    "amountWan" REAL,
    "investmentIntensityWanPerMu" REAL,
    "taxPerMuWan" REAL,
    "capacityDeadline" DATETIME,
    "promisedJobs" INTEGER,
    "landMu" REAL,
    "note" TEXT,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "deletedAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "Contract_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Milestone" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "projectId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "plannedAt" DATETIME,
    "actualAt" DATETIME,
    "localCompanyUscc" TEXT,
    "localCompanyName" TEXT,
    "note" TEXT,
    "updatedById" TEXT,
    "updatedAt" DATETIME NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "Milestone_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "FundsInPlace" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "projectId" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL,
    "amountWan" REAL NOT NULL,
    "source" TEXT NOT NULL,
    "note" TEXT,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "deletedAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "FundsInPlace_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Problem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "category" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "reportingRegionId" TEXT NOT NULL,
    "reportedById" TEXT,
    "reportedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "departmentId" TEXT,
    "assigneeId" TEXT,
    "assignedAt" DATETIME,
    "departmentAssignedAt" DATETIME,
    "limitWorkdays" INTEGER,
    "deadlineAt" DATETIME,
    "resolvedAt" DATETIME,
    "closureRejectedAt" DATETIME,
    "closedAt" DATETIME,
    "closedById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "deletedAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "Problem_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Problem_reportingRegionId_fkey" FOREIGN KEY ("reportingRegionId") REFERENCES "Region" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Problem_reportedById_fkey" FOREIGN KEY ("reportedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Problem_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Problem_assigneeId_fkey" FOREIGN KEY ("assigneeId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ProblemResponse" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "problemId" TEXT NOT NULL,
    "authorId" TEXT,
    "authorName" TEXT,
    "side" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "fromStatus" TEXT NOT NULL,
    "toStatus" TEXT NOT NULL,
    "text" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ProblemResponse_problemId_fkey" FOREIGN KEY ("problemId") REFERENCES "Problem" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Incentive" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "projectId" TEXT NOT NULL,
    "item" TEXT NOT NULL,
    "conditions" TEXT,
    "promisedWan" REAL NOT NULL,
    "dueAt" DATETIME,
    "paidWan" REAL NOT NULL DEFAULT 0,
    "paidAt" DATETIME,
    "cancelledAt" DATETIME,
    "cancelReason" TEXT,
    "settled" BOOLEAN NOT NULL DEFAULT false,
    "fairFlags" TEXT NOT NULL DEFAULT '',
    "note" TEXT,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "deletedAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "Incentive_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Instruction" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "projectId" TEXT NOT NULL,
    "problemId" TEXT,
    "leaderId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "issuedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "replyDueAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "deletedAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "Instruction_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Instruction_problemId_fkey" FOREIGN KEY ("problemId") REFERENCES "Problem" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Instruction_leaderId_fkey" FOREIGN KEY ("leaderId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "InstructionRecipient" (
    "instructionId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "repliedAt" DATETIME,

    PRIMARY KEY ("instructionId", "userId"),
    CONSTRAINT "InstructionRecipient_instructionId_fkey" FOREIGN KEY ("instructionId") REFERENCES "Instruction" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "InstructionRecipient_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "InstructionReply" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "instructionId" TEXT NOT NULL,
    "authorId" TEXT,
    "text" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "InstructionReply_instructionId_fkey" FOREIGN KEY ("instructionId") REFERENCES "Instruction" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "InstructionReply_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AftercareVisit" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "projectId" TEXT NOT NULL,
    "visitedAt" DATETIME NOT NULL,
    "participants" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "flags" TEXT NOT NULL DEFAULT '',
    "flagLevel" TEXT NOT NULL DEFAULT 'NONE',
    "expansionNote" TEXT,
    "expansionAmountWan" REAL,
    "expansionProjectId" TEXT,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "deletedAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "AftercareVisit_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "AftercareVisit_expansionProjectId_fkey" FOREIGN KEY ("expansionProjectId") REFERENCES "Project" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "messageKey" TEXT NOT NULL,
    "params" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "projectId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readAt" DATETIME,
    CONSTRAINT "Notification_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "WebhookEndpoint" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "secret" TEXT,
    "regionId" TEXT,
    "departmentId" TEXT,
    "alertKinds" TEXT NOT NULL DEFAULT '',
    "minLevel" TEXT NOT NULL DEFAULT 'YELLOW',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "deletedAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "WebhookEndpoint_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "WebhookEndpoint_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "endpointId" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastStatusCode" INTEGER,
    "lastError" TEXT,
    "nextAttemptAt" DATETIME DEFAULT CURRENT_TIMESTAMP,
    "sentAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "WebhookDelivery_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "WebhookEndpoint" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Project" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "searchKey" TEXT NOT NULL,
    "companyId" TEXT NOT NULL,
    "regionId" TEXT NOT NULL,
    "chainId" TEXT,
    "linkId" TEXT,
    "nature" TEXT,
    "plannedInvestment" REAL NOT NULL,
    "stage" TEXT NOT NULL,
    "stageEnteredAt" DATETIME NOT NULL,
    "resumeStage" TEXT,
    "keyManual" BOOLEAN NOT NULL DEFAULT false,
    "isKey" BOOLEAN NOT NULL DEFAULT false,
    "leadLeaderId" TEXT,
    "officerId" TEXT,
    "responsibleUnit" TEXT,
    "expectedJobs" INTEGER,
    "povertyJobs" INTEGER,
    "expectedOutput" REAL,
    "expectedTax" REAL,
    "firstContactAt" DATETIME,
    "signedAt" DATETIME,
    "contractAmount" REAL,
    "contractType" TEXT,
    "startedAt" DATETIME,
    "completedAt" DATETIME,
    "producedAt" DATETIME,
    "holdReason" TEXT,
    "terminateReason" TEXT,
    "description" TEXT,
    "lastFollowUpAt" DATETIME,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "deletedAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 1,
    "siteId" TEXT,
    CONSTRAINT "Project_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Project_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Project_chainId_fkey" FOREIGN KEY ("chainId") REFERENCES "IndustryChain" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Project_linkId_fkey" FOREIGN KEY ("linkId") REFERENCES "ChainLink" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Project_leadLeaderId_fkey" FOREIGN KEY ("leadLeaderId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Project_officerId_fkey" FOREIGN KEY ("officerId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Project_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Project" ("chainId", "code", "companyId", "completedAt", "contractAmount", "contractType", "createdAt", "createdById", "deletedAt", "description", "expectedJobs", "expectedOutput", "expectedTax", "firstContactAt", "holdReason", "id", "isKey", "keyManual", "lastFollowUpAt", "leadLeaderId", "linkId", "name", "nature", "officerId", "plannedInvestment", "povertyJobs", "producedAt", "regionId", "responsibleUnit", "resumeStage", "searchKey", "signedAt", "stage", "stageEnteredAt", "startedAt", "terminateReason", "updatedAt", "version") SELECT "chainId", "code", "companyId", "completedAt", "contractAmount", "contractType", "createdAt", "createdById", "deletedAt", "description", "expectedJobs", "expectedOutput", "expectedTax", "firstContactAt", "holdReason", "id", "isKey", "keyManual", "lastFollowUpAt", "leadLeaderId", "linkId", "name", "nature", "officerId", "plannedInvestment", "povertyJobs", "producedAt", "regionId", "responsibleUnit", "resumeStage", "searchKey", "signedAt", "stage", "stageEnteredAt", "startedAt", "terminateReason", "updatedAt", "version" FROM "Project";
DROP TABLE "Project";
ALTER TABLE "new_Project" RENAME TO "Project";
CREATE UNIQUE INDEX "Project_code_key" ON "Project"("code");
CREATE INDEX "Project_regionId_deletedAt_stage_idx" ON "Project"("regionId", "deletedAt", "stage");
CREATE INDEX "Project_deletedAt_updatedAt_idx" ON "Project"("deletedAt", "updatedAt");
CREATE INDEX "Project_companyId_idx" ON "Project"("companyId");
CREATE INDEX "Project_stage_idx" ON "Project"("stage");
CREATE INDEX "Project_leadLeaderId_idx" ON "Project"("leadLeaderId");
CREATE INDEX "Project_officerId_idx" ON "Project"("officerId");
CREATE INDEX "Project_chainId_idx" ON "Project"("chainId");
CREATE INDEX "Project_siteId_idx" ON "Project"("siteId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Site_regionId_deletedAt_status_idx" ON "Site"("regionId", "deletedAt", "status");

-- CreateIndex
CREATE INDEX "Site_deletedAt_status_kind_idx" ON "Site"("deletedAt", "status", "kind");

-- CreateIndex
CREATE INDEX "Site_holderProjectId_idx" ON "Site"("holderProjectId");

-- CreateIndex
CREATE INDEX "SiteCandidate_projectId_status_idx" ON "SiteCandidate"("projectId", "status");

-- CreateIndex
CREATE INDEX "SiteCandidate_siteId_status_idx" ON "SiteCandidate"("siteId", "status");

-- CreateIndex
CREATE INDEX "SiteVisit_candidateId_visitedAt_idx" ON "SiteVisit"("candidateId", "visitedAt");

-- CreateIndex
CREATE INDEX "Contract_projectId_deletedAt_signedAt_idx" ON "Contract"("projectId", "deletedAt", "signedAt");

-- CreateIndex
CREATE INDEX "Contract_deletedAt_type_signedAt_idx" ON "Contract"("deletedAt", "type", "signedAt");

-- CreateIndex
CREATE INDEX "Milestone_kind_actualAt_idx" ON "Milestone"("kind", "actualAt");

-- CreateIndex
CREATE INDEX "Milestone_kind_plannedAt_actualAt_idx" ON "Milestone"("kind", "plannedAt", "actualAt");

-- CreateIndex
CREATE UNIQUE INDEX "Milestone_projectId_kind_key" ON "Milestone"("projectId", "kind");

-- CreateIndex
CREATE INDEX "FundsInPlace_projectId_deletedAt_receivedAt_idx" ON "FundsInPlace"("projectId", "deletedAt", "receivedAt");

-- CreateIndex
CREATE INDEX "FundsInPlace_deletedAt_receivedAt_source_idx" ON "FundsInPlace"("deletedAt", "receivedAt", "source");

-- CreateIndex
CREATE UNIQUE INDEX "Problem_code_key" ON "Problem"("code");

-- CreateIndex
CREATE INDEX "Problem_departmentId_deletedAt_status_deadlineAt_idx" ON "Problem"("departmentId", "deletedAt", "status", "deadlineAt");

-- CreateIndex
CREATE INDEX "Problem_projectId_deletedAt_idx" ON "Problem"("projectId", "deletedAt");

-- CreateIndex
CREATE INDEX "Problem_reportingRegionId_deletedAt_status_idx" ON "Problem"("reportingRegionId", "deletedAt", "status");

-- CreateIndex
CREATE INDEX "Problem_deletedAt_status_deadlineAt_idx" ON "Problem"("deletedAt", "status", "deadlineAt");

-- CreateIndex
CREATE INDEX "Problem_deletedAt_deadlineAt_idx" ON "Problem"("deletedAt", "deadlineAt");

-- CreateIndex
CREATE INDEX "Problem_assigneeId_status_idx" ON "Problem"("assigneeId", "status");

-- CreateIndex
CREATE INDEX "ProblemResponse_problemId_createdAt_idx" ON "ProblemResponse"("problemId", "createdAt");

-- CreateIndex
CREATE INDEX "Incentive_projectId_deletedAt_idx" ON "Incentive"("projectId", "deletedAt");

-- CreateIndex
CREATE INDEX "Incentive_deletedAt_settled_dueAt_idx" ON "Incentive"("deletedAt", "settled", "dueAt");

-- CreateIndex
CREATE INDEX "Incentive_fairFlags_idx" ON "Incentive"("fairFlags");

-- CreateIndex
CREATE INDEX "Instruction_projectId_deletedAt_issuedAt_idx" ON "Instruction"("projectId", "deletedAt", "issuedAt");

-- CreateIndex
CREATE INDEX "Instruction_problemId_idx" ON "Instruction"("problemId");

-- CreateIndex
CREATE INDEX "Instruction_leaderId_issuedAt_idx" ON "Instruction"("leaderId", "issuedAt");

-- CreateIndex
CREATE INDEX "Instruction_deletedAt_replyDueAt_idx" ON "Instruction"("deletedAt", "replyDueAt");

-- CreateIndex
CREATE INDEX "InstructionRecipient_userId_repliedAt_idx" ON "InstructionRecipient"("userId", "repliedAt");

-- CreateIndex
CREATE INDEX "InstructionReply_instructionId_createdAt_idx" ON "InstructionReply"("instructionId", "createdAt");

-- CreateIndex
CREATE INDEX "AftercareVisit_projectId_deletedAt_visitedAt_idx" ON "AftercareVisit"("projectId", "deletedAt", "visitedAt");

-- CreateIndex
CREATE INDEX "AftercareVisit_deletedAt_flagLevel_visitedAt_idx" ON "AftercareVisit"("deletedAt", "flagLevel", "visitedAt");

-- CreateIndex
CREATE INDEX "Notification_userId_readAt_idx" ON "Notification"("userId", "readAt");

-- CreateIndex
CREATE INDEX "Notification_userId_createdAt_idx" ON "Notification"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "Notification_createdAt_idx" ON "Notification"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Notification_userId_dedupeKey_key" ON "Notification"("userId", "dedupeKey");

-- CreateIndex
CREATE INDEX "WebhookEndpoint_regionId_enabled_idx" ON "WebhookEndpoint"("regionId", "enabled");

-- CreateIndex
CREATE INDEX "WebhookEndpoint_departmentId_enabled_idx" ON "WebhookEndpoint"("departmentId", "enabled");

-- CreateIndex
CREATE INDEX "WebhookDelivery_status_nextAttemptAt_idx" ON "WebhookDelivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "WebhookDelivery_endpointId_createdAt_idx" ON "WebhookDelivery"("endpointId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_endpointId_dedupeKey_key" ON "WebhookDelivery"("endpointId", "dedupeKey");


-- Hand-written (prisma/proposed/issue4.prisma design note): reservations the schema language
-- cannot express. One open candidacy per project and carrier, one 确定 per carrier and one per
-- project, so two officers confirming one carrier at once get one success and one conflict.
CREATE UNIQUE INDEX "SiteCandidate_one_open_per_project_site"
  ON "SiteCandidate" ("projectId", "siteId") WHERE "status" <> 'ABANDONED';
CREATE UNIQUE INDEX "SiteCandidate_one_confirmed_per_site"
  ON "SiteCandidate" ("siteId") WHERE "status" = 'CONFIRMED';
CREATE UNIQUE INDEX "SiteCandidate_one_confirmed_per_project"
  ON "SiteCandidate" ("projectId") WHERE "status" = 'CONFIRMED';
