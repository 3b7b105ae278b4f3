CREATE INDEX "ConsentEvent_shop_id_idx" ON "ConsentEvent"("shop", "id");

CREATE INDEX "Contact_shop_id_idx" ON "Contact"("shop", "id");
