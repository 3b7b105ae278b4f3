PRAGMA defer_foreign_keys=ON;

PRAGMA foreign_keys=OFF;

CREATE TABLE "new_BulkSyncJob" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "operationId" TEXT,
    "activeShop" TEXT,
    "status" TEXT NOT NULL,
    "objectCount" INTEGER NOT NULL DEFAULT 0,
    "imported" INTEGER NOT NULL DEFAULT 0,
    "failure" TEXT,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" DATETIME,
    CONSTRAINT "BulkSyncJob_shop_fkey" FOREIGN KEY ("shop") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE
);

INSERT INTO "new_BulkSyncJob" ("completedAt", "createdAt", "error", "id", "imported", "objectCount", "operationId", "shop", "status") SELECT "completedAt", "createdAt", "error", "id", "imported", "objectCount", "operationId", "shop", "status" FROM "BulkSyncJob";

DROP TABLE "BulkSyncJob";

ALTER TABLE "new_BulkSyncJob" RENAME TO "BulkSyncJob";

CREATE UNIQUE INDEX "BulkSyncJob_operationId_key" ON "BulkSyncJob"("operationId");

CREATE UNIQUE INDEX "BulkSyncJob_activeShop_key" ON "BulkSyncJob"("activeShop");

CREATE INDEX "BulkSyncJob_shop_createdAt_idx" ON "BulkSyncJob"("shop", "createdAt");

PRAGMA foreign_keys=ON;

PRAGMA defer_foreign_keys=OFF;
