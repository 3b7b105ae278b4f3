CREATE TABLE "OrderConsentLink" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "shopifyCustomerId" TEXT,
    "linkedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "OrderConsentLink_shop_fkey" FOREIGN KEY ("shop") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE INDEX "OrderConsentLink_shop_eventId_idx" ON "OrderConsentLink"("shop", "eventId");

CREATE UNIQUE INDEX "OrderConsentLink_shop_orderId_eventId_key" ON "OrderConsentLink"("shop", "orderId", "eventId");
