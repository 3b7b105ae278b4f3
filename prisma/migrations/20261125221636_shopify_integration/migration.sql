ALTER TABLE "Contact" ADD COLUMN "decidedAt" DATETIME;

ALTER TABLE "Contact" ADD COLUMN "duplicateOfId" TEXT;

ALTER TABLE "Contact" ADD COLUMN "evidenceEventId" TEXT;

ALTER TABLE "Contact" ADD COLUMN "optInLevel" TEXT;

ALTER TABLE "Contact" ADD COLUMN "shopifyUpdatedAt" DATETIME;

ALTER TABLE "Shop" ADD COLUMN "uninstalledAt" DATETIME;

CREATE TABLE "ProcessedWebhook" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "webhookId" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "processedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ProcessedWebhook_shop_fkey" FOREIGN KEY ("shop") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE TABLE "WriteBackTask" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "shopifyCustomerId" TEXT NOT NULL,
    "marketingState" TEXT NOT NULL,
    "optInLevel" TEXT NOT NULL,
    "consentUpdatedAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" DATETIME,
    CONSTRAINT "WriteBackTask_shop_fkey" FOREIGN KEY ("shop") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE TABLE "BulkSyncJob" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "operationId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "objectCount" INTEGER NOT NULL DEFAULT 0,
    "imported" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" DATETIME,
    CONSTRAINT "BulkSyncJob_shop_fkey" FOREIGN KEY ("shop") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE TABLE "DataRequestExport" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "shopifyCustomerId" TEXT NOT NULL,
    "document" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "DataRequestExport_shop_fkey" FOREIGN KEY ("shop") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE UNIQUE INDEX "ProcessedWebhook_shop_webhookId_key" ON "ProcessedWebhook"("shop", "webhookId");

CREATE UNIQUE INDEX "WriteBackTask_eventId_key" ON "WriteBackTask"("eventId");

CREATE INDEX "WriteBackTask_shop_status_nextAttemptAt_idx" ON "WriteBackTask"("shop", "status", "nextAttemptAt");

CREATE UNIQUE INDEX "BulkSyncJob_operationId_key" ON "BulkSyncJob"("operationId");

CREATE INDEX "BulkSyncJob_shop_createdAt_idx" ON "BulkSyncJob"("shop", "createdAt");

CREATE UNIQUE INDEX "DataRequestExport_shop_requestId_key" ON "DataRequestExport"("shop", "requestId");
