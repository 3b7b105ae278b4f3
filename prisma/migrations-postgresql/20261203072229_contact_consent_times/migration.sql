ALTER TABLE "Contact" ADD COLUMN     "shopifyEmailUpdatedAt" TIMESTAMP(3),
ADD COLUMN     "shopifySmsUpdatedAt" TIMESTAMP(3);
