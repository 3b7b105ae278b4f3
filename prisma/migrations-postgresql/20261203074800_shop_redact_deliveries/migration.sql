CREATE TABLE "RedactedShopDelivery" (
    "webhookId" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RedactedShopDelivery_pkey" PRIMARY KEY ("webhookId")
);

CREATE INDEX "RedactedShopDelivery_receivedAt_idx" ON "RedactedShopDelivery"("receivedAt");
