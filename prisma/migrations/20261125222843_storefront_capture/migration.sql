ALTER TABLE "Shop" ADD COLUMN "inboundSecret" TEXT;

ALTER TABLE "Shop" ADD COLUMN "metaAppSecret" TEXT;

ALTER TABLE "Shop" ADD COLUMN "whatsappNumber" TEXT;

CREATE TABLE "ProxySignature" (
    "signature" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "seenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE "DoubleOptInCode" (
    "code" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "usedAt" DATETIME,
    CONSTRAINT "DoubleOptInCode_shop_fkey" FOREIGN KEY ("shop") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE INDEX "ProxySignature_seenAt_idx" ON "ProxySignature"("seenAt");

CREATE INDEX "DoubleOptInCode_shop_contactId_idx" ON "DoubleOptInCode"("shop", "contactId");
