CREATE TABLE "RedactedShopDelivery" (
    "webhookId" TEXT NOT NULL PRIMARY KEY,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE INDEX "RedactedShopDelivery_receivedAt_idx" ON "RedactedShopDelivery"("receivedAt");
