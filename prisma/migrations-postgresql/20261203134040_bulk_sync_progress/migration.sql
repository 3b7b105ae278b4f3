ALTER TABLE "BulkSyncJob" ADD COLUMN     "activeShop" TEXT,
ADD COLUMN     "failure" TEXT,
ADD COLUMN     "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ALTER COLUMN "operationId" DROP NOT NULL;

CREATE UNIQUE INDEX "BulkSyncJob_activeShop_key" ON "BulkSyncJob"("activeShop");
