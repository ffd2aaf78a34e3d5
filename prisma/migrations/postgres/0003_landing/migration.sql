-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "siteId" TEXT;

-- CreateTable
CREATE TABLE "Site" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "regionId" TEXT NOT NULL,
    "address" TEXT,
    "areaSqm" DOUBLE PRECISION,
    "areaMu" DOUBLE PRECISION,
    "floors" INTEGER,
    "powerKva" DOUBLE PRECISION,
    "waterTonsPerDay" DOUBLE PRECISION,
    "maxEiaCategory" TEXT,
    "status" TEXT NOT NULL DEFAULT 'VACANT',
    "holderProjectId" TEXT,
    "occupantName" TEXT,
    "landPriceWanPerMu" DOUBLE PRECISION,
    "rentYuanPerSqmMonth" DOUBLE PRECISION,
    "notes" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "Site_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProjectSiteNeeds" (
    "projectId" TEXT NOT NULL,
    "landMu" DOUBLE PRECISION,
    "floorSqm" DOUBLE PRECISION,
    "powerKva" DOUBLE PRECISION,
    "eiaCategory" TEXT,
    "regionIds" TEXT NOT NULL DEFAULT '',
    "siteKinds" TEXT NOT NULL DEFAULT '',
    "notes" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "ProjectSiteNeeds_pkey" PRIMARY KEY ("projectId")
);

-- CreateTable
CREATE TABLE "SiteCandidate" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'RECOMMENDED',
    "overrideReason" TEXT,
    "statusReason" TEXT,
    "statusAutoKey" TEXT,
    "proposedById" TEXT,
    "statusAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "notes" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "SiteCandidate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SiteVisit" (
    "id" TEXT NOT NULL,
    "candidateId" TEXT NOT NULL,
    "visitedAt" TIMESTAMP(3) NOT NULL,
    "participants" TEXT NOT NULL,
    "impressions" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "SiteVisit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Contract" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "signedAt" TIMESTAMP(3) NOT NULL,
    "title" TEXT,
    "amountWan" DOUBLE PRECISION,
    "investmentIntensityWanPerMu" DOUBLE PRECISION,
    "taxPerMuWan" DOUBLE PRECISION,
    "capacityDeadline" TIMESTAMP(3),
    "promisedJobs" INTEGER,
    "landMu" DOUBLE PRECISION,
    "note" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "Contract_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Milestone" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "plannedAt" TIMESTAMP(3),
    "actualAt" TIMESTAMP(3),
    "localCompanyUscc" TEXT,
    "localCompanyName" TEXT,
    "note" TEXT,
    "updatedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "Milestone_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FundsInPlace" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "amountWan" DOUBLE PRECISION NOT NULL,
    "source" TEXT NOT NULL,
    "note" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "FundsInPlace_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Problem" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "category" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "reportingRegionId" TEXT NOT NULL,
    "reportedById" TEXT,
    "reportedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "departmentId" TEXT,
    "assigneeId" TEXT,
    "assignedAt" TIMESTAMP(3),
    "departmentAssignedAt" TIMESTAMP(3),
    "limitWorkdays" INTEGER,
    "deadlineAt" TIMESTAMP(3),
    "resolvedAt" TIMESTAMP(3),
    "closureRejectedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "closedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "Problem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProblemResponse" (
    "id" TEXT NOT NULL,
    "problemId" TEXT NOT NULL,
    "authorId" TEXT,
    "authorName" TEXT,
    "side" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "fromStatus" TEXT NOT NULL,
    "toStatus" TEXT NOT NULL,
    "text" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProblemResponse_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Incentive" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "item" TEXT NOT NULL,
    "conditions" TEXT,
    "promisedWan" DOUBLE PRECISION NOT NULL,
    "dueAt" TIMESTAMP(3),
    "paidWan" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "paidAt" TIMESTAMP(3),
    "cancelledAt" TIMESTAMP(3),
    "cancelReason" TEXT,
    "settled" BOOLEAN NOT NULL DEFAULT false,
    "fairFlags" TEXT NOT NULL DEFAULT '',
    "note" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "Incentive_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Instruction" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "problemId" TEXT,
    "leaderId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "issuedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "replyDueAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "Instruction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InstructionRecipient" (
    "instructionId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "repliedAt" TIMESTAMP(3),

    CONSTRAINT "InstructionRecipient_pkey" PRIMARY KEY ("instructionId","userId")
);

-- CreateTable
CREATE TABLE "InstructionReply" (
    "id" TEXT NOT NULL,
    "instructionId" TEXT NOT NULL,
    "authorId" TEXT,
    "text" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InstructionReply_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AftercareVisit" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "visitedAt" TIMESTAMP(3) NOT NULL,
    "participants" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "flags" TEXT NOT NULL DEFAULT '',
    "flagLevel" TEXT NOT NULL DEFAULT 'NONE',
    "expansionNote" TEXT,
    "expansionAmountWan" DOUBLE PRECISION,
    "expansionProjectId" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "AftercareVisit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "messageKey" TEXT NOT NULL,
    "params" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "projectId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readAt" TIMESTAMP(3),

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookEndpoint" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "secret" TEXT,
    "regionId" TEXT,
    "departmentId" TEXT,
    "alertKinds" TEXT NOT NULL DEFAULT '',
    "minLevel" TEXT NOT NULL DEFAULT 'YELLOW',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "WebhookEndpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" TEXT NOT NULL,
    "endpointId" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastStatusCode" INTEGER,
    "lastError" TEXT,
    "nextAttemptAt" TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

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

-- CreateIndex
CREATE INDEX "Project_siteId_idx" ON "Project"("siteId");

-- AddForeignKey
ALTER TABLE "Project" ADD CONSTRAINT "Project_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Site" ADD CONSTRAINT "Site_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Site" ADD CONSTRAINT "Site_holderProjectId_fkey" FOREIGN KEY ("holderProjectId") REFERENCES "Project"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProjectSiteNeeds" ADD CONSTRAINT "ProjectSiteNeeds_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SiteCandidate" ADD CONSTRAINT "SiteCandidate_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SiteCandidate" ADD CONSTRAINT "SiteCandidate_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "Site"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SiteCandidate" ADD CONSTRAINT "SiteCandidate_proposedById_fkey" FOREIGN KEY ("proposedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SiteVisit" ADD CONSTRAINT "SiteVisit_candidateId_fkey" FOREIGN KEY ("candidateId") REFERENCES "SiteCandidate"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contract" ADD CONSTRAINT "Contract_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Milestone" ADD CONSTRAINT "Milestone_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FundsInPlace" ADD CONSTRAINT "FundsInPlace_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Problem" ADD CONSTRAINT "Problem_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Problem" ADD CONSTRAINT "Problem_reportingRegionId_fkey" FOREIGN KEY ("reportingRegionId") REFERENCES "Region"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Problem" ADD CONSTRAINT "Problem_reportedById_fkey" FOREIGN KEY ("reportedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Problem" ADD CONSTRAINT "Problem_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Problem" ADD CONSTRAINT "Problem_assigneeId_fkey" FOREIGN KEY ("assigneeId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProblemResponse" ADD CONSTRAINT "ProblemResponse_problemId_fkey" FOREIGN KEY ("problemId") REFERENCES "Problem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Incentive" ADD CONSTRAINT "Incentive_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Instruction" ADD CONSTRAINT "Instruction_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Instruction" ADD CONSTRAINT "Instruction_problemId_fkey" FOREIGN KEY ("problemId") REFERENCES "Problem"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Instruction" ADD CONSTRAINT "Instruction_leaderId_fkey" FOREIGN KEY ("leaderId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InstructionRecipient" ADD CONSTRAINT "InstructionRecipient_instructionId_fkey" FOREIGN KEY ("instructionId") REFERENCES "Instruction"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InstructionRecipient" ADD CONSTRAINT "InstructionRecipient_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InstructionReply" ADD CONSTRAINT "InstructionReply_instructionId_fkey" FOREIGN KEY ("instructionId") REFERENCES "Instruction"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InstructionReply" ADD CONSTRAINT "InstructionReply_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AftercareVisit" ADD CONSTRAINT "AftercareVisit_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AftercareVisit" ADD CONSTRAINT "AftercareVisit_expansionProjectId_fkey" FOREIGN KEY ("expansionProjectId") REFERENCES "Project"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookEndpoint" ADD CONSTRAINT "WebhookEndpoint_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookEndpoint" ADD CONSTRAINT "WebhookEndpoint_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "WebhookEndpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Hand-written (prisma/proposed/issue4.prisma design note): reservations the schema language
-- cannot express. One open candidacy per project and carrier, one 确定 per carrier and one per
-- project, so two officers confirming one carrier at once get one success and one conflict.
CREATE UNIQUE INDEX "SiteCandidate_one_open_per_project_site"
  ON "SiteCandidate" ("projectId", "siteId") WHERE "status" <> 'ABANDONED';
CREATE UNIQUE INDEX "SiteCandidate_one_confirmed_per_site"
  ON "SiteCandidate" ("siteId") WHERE "status" = 'CONFIRMED';
CREATE UNIQUE INDEX "SiteCandidate_one_confirmed_per_project"
  ON "SiteCandidate" ("projectId") WHERE "status" = 'CONFIRMED';
