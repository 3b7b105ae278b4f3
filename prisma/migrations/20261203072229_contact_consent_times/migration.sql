ALTER TABLE "Contact" ADD COLUMN "shopifyEmailUpdatedAt" DATETIME;

ALTER TABLE "Contact" ADD COLUMN "shopifySmsUpdatedAt" DATETIME;
