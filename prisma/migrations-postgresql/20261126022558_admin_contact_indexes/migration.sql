DROP INDEX "Contact_shop_segment_idx";

ALTER TABLE "Contact" ADD COLUMN     "evidenceSourceKind" TEXT;

-- Existing contacts: the source kind of the event that decides them.
UPDATE "Contact" SET "evidenceSourceKind" = (
    SELECT "sourceKind" FROM "ConsentEvent" WHERE "ConsentEvent"."id" = "Contact"."evidenceEventId"
) WHERE "evidenceEventId" IS NOT NULL;

CREATE INDEX "ConsentEvent_shop_channel_action_occurredAt_sourceKind_idx" ON "ConsentEvent"("shop", "channel", "action", "occurredAt", "sourceKind");

CREATE INDEX "ConsentEvent_shop_sourceKind_idx" ON "ConsentEvent"("shop", "sourceKind");

CREATE INDEX "Contact_shop_segment_reasons_idx" ON "Contact"("shop", "segment", "reasons");

CREATE INDEX "Contact_shop_segment_decidedAt_id_idx" ON "Contact"("shop", "segment", "decidedAt", "id");

CREATE INDEX "Contact_shop_reasons_decidedAt_id_idx" ON "Contact"("shop", "reasons", "decidedAt", "id");

CREATE INDEX "Contact_shop_evidenceSourceKind_decidedAt_id_idx" ON "Contact"("shop", "evidenceSourceKind", "decidedAt", "id");

CREATE INDEX "Contact_shop_decidedAt_id_idx" ON "Contact"("shop", "decidedAt", "id");

CREATE INDEX "Contact_shop_createdAt_id_idx" ON "Contact"("shop", "createdAt", "id");

CREATE INDEX "Contact_shop_firstName_lastName_idx" ON "Contact"("shop", "firstName", "lastName");

CREATE INDEX "Contact_shop_lastName_idx" ON "Contact"("shop", "lastName");
