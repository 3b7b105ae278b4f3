CREATE TABLE "CaptureRefusal" (
    "shop" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "hour" DATETIME NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("shop", "reason", "hour"),
    CONSTRAINT "CaptureRefusal_shop_fkey" FOREIGN KEY ("shop") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE INDEX "CaptureRefusal_hour_idx" ON "CaptureRefusal"("hour");
