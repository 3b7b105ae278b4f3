PRAGMA defer_foreign_keys=ON;

PRAGMA foreign_keys=OFF;

CREATE TABLE "new_ExportLog" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "rows" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "options" TEXT NOT NULL DEFAULT '',
    "requestedBy" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" TEXT NOT NULL DEFAULT 'completed',
    CONSTRAINT "ExportLog_shop_fkey" FOREIGN KEY ("shop") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE
);

INSERT INTO "new_ExportLog" ("createdAt", "id", "kind", "options", "requestedBy", "rows", "sha256", "shop") SELECT "createdAt", "id", "kind", "options", "requestedBy", "rows", "sha256", "shop" FROM "ExportLog";

DROP TABLE "ExportLog";

ALTER TABLE "new_ExportLog" RENAME TO "ExportLog";

CREATE INDEX "ExportLog_shop_createdAt_idx" ON "ExportLog"("shop", "createdAt");

PRAGMA foreign_keys=ON;

PRAGMA defer_foreign_keys=OFF;
