-- (shop, segment) itself is dropped by the admin_contact_indexes migration before this one.
CREATE INDEX "Contact_shop_segment_id_idx" ON "Contact"("shop", "segment", "id");
