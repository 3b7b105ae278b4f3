DROP INDEX "Contact_shop_segment_idx";

CREATE INDEX "Contact_shop_segment_id_idx" ON "Contact"("shop", "segment", "id");
