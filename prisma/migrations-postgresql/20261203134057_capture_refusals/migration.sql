CREATE TABLE "CaptureRefusal" (
    "shop" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "CaptureRefusal_pkey" PRIMARY KEY ("shop","reason","hour")
);

CREATE INDEX "CaptureRefusal_hour_idx" ON "CaptureRefusal"("hour");

ALTER TABLE "CaptureRefusal" ADD CONSTRAINT "CaptureRefusal_shop_fkey" FOREIGN KEY ("shop") REFERENCES "Shop"("domain") ON DELETE CASCADE ON UPDATE CASCADE;
