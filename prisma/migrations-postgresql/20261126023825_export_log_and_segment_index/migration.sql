ALTER TABLE "ExportLog" ADD COLUMN     "requestedBy" TEXT NOT NULL DEFAULT '';

CREATE INDEX "Contact_shop_segment_id_idx" ON "Contact"("shop", "segment", "id");
