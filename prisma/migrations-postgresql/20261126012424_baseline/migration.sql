CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" TIMESTAMP(3),
    "accessToken" TEXT NOT NULL,
    "userId" BIGINT,
    "firstName" TEXT,
    "lastName" TEXT,
    "email" TEXT,
    "accountOwner" BOOLEAN NOT NULL DEFAULT false,
    "locale" TEXT,
    "collaborator" BOOLEAN DEFAULT false,
    "emailVerified" BOOLEAN DEFAULT false,
    "refreshToken" TEXT,
    "refreshTokenExpires" TIMESTAMP(3),

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Shop" (
    "domain" TEXT NOT NULL,
    "brandName" TEXT NOT NULL DEFAULT '',
    "defaultCountry" TEXT,
    "doubleOptIn" BOOLEAN NOT NULL DEFAULT false,
    "whatsappNumber" TEXT,
    "inboundSecret" TEXT,
    "metaAppSecret" TEXT,
    "ledgerSeq" INTEGER NOT NULL DEFAULT 0,
    "ledgerHead" TEXT NOT NULL DEFAULT '0000000000000000000000000000000000000000000000000000000000000000',
    "uninstalledAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Shop_pkey" PRIMARY KEY ("domain")
);

CREATE TABLE "Contact" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "shopifyCustomerId" TEXT,
    "phoneRaw" TEXT,
    "phoneE164" TEXT,
    "email" TEXT,
    "firstName" TEXT,
    "lastName" TEXT,
    "country" TEXT,
    "shopifyEmailState" TEXT,
    "shopifySmsState" TEXT,
    "shopifyWhatsAppState" TEXT,
    "shopifyWhatsAppOptInLevel" TEXT,
    "shopifyWhatsAppUpdatedAt" TIMESTAMP(3),
    "shopifySyncedAt" TIMESTAMP(3),
    "shopifyUpdatedAt" TIMESTAMP(3),
    "segment" TEXT NOT NULL DEFAULT 'unclear',
    "reasons" TEXT NOT NULL DEFAULT '',
    "evidenceEventId" TEXT,
    "optInLevel" TEXT,
    "decidedAt" TIMESTAMP(3),
    "duplicateOfId" TEXT,
    "redactedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Contact_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "ConsentTextVersion" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "language" TEXT,
    "inUseAt" TEXT NOT NULL DEFAULT '',
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConsentTextVersion_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "ConsentTextPlacement" (
    "id" TEXT NOT NULL,
    "textId" TEXT NOT NULL,
    "sourceKind" TEXT NOT NULL,
    "location" TEXT NOT NULL DEFAULT '',
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConsentTextPlacement_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "ConsentEvent" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "contactId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "occurredAt" TIMESTAMP(3),
    "recordedAt" TIMESTAMP(3) NOT NULL,
    "sourceKind" TEXT NOT NULL,
    "sourceDetail" TEXT NOT NULL DEFAULT '',
    "captureMethod" TEXT NOT NULL,
    "optInLevel" TEXT,
    "consentTextId" TEXT,
    "consentTextSha256" TEXT,
    "clientEventId" TEXT,
    "details" TEXT,
    "detailsHash" TEXT NOT NULL,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "redactedAt" TIMESTAMP(3),

    CONSTRAINT "ConsentEvent_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "ProcessedWebhook" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "webhookId" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "processedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProcessedWebhook_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "WriteBackTask" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "shopifyCustomerId" TEXT NOT NULL,
    "marketingState" TEXT NOT NULL,
    "optInLevel" TEXT NOT NULL,
    "consentUpdatedAt" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "WriteBackTask_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "BulkSyncJob" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "operationId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "objectCount" INTEGER NOT NULL DEFAULT 0,
    "imported" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "BulkSyncJob_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "DataRequestExport" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "shopifyCustomerId" TEXT NOT NULL,
    "document" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DataRequestExport_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "ProxySignature" (
    "signature" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "seenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProxySignature_pkey" PRIMARY KEY ("signature")
);

CREATE TABLE "DoubleOptInCode" (
    "code" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "usedAt" TIMESTAMP(3),

    CONSTRAINT "DoubleOptInCode_pkey" PRIMARY KEY ("code")
);

CREATE TABLE "OrderConsentLink" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "shopifyCustomerId" TEXT,
    "linkedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OrderConsentLink_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "ExportLog" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "rows" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "options" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExportLog_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "Session_shop_idx" ON "Session"("shop");

CREATE INDEX "Contact_shop_phoneE164_idx" ON "Contact"("shop", "phoneE164");

CREATE INDEX "Contact_shop_email_idx" ON "Contact"("shop", "email");

CREATE INDEX "Contact_shop_segment_idx" ON "Contact"("shop", "segment");

CREATE UNIQUE INDEX "Contact_shop_shopifyCustomerId_key" ON "Contact"("shop", "shopifyCustomerId");

CREATE UNIQUE INDEX "ConsentTextVersion_shop_sha256_key" ON "ConsentTextVersion"("shop", "sha256");

CREATE UNIQUE INDEX "ConsentTextPlacement_textId_sourceKind_location_key" ON "ConsentTextPlacement"("textId", "sourceKind", "location");

CREATE INDEX "ConsentEvent_shop_contactId_channel_recordedAt_idx" ON "ConsentEvent"("shop", "contactId", "channel", "recordedAt");

CREATE INDEX "ConsentEvent_shop_recordedAt_idx" ON "ConsentEvent"("shop", "recordedAt");

CREATE UNIQUE INDEX "ConsentEvent_shop_seq_key" ON "ConsentEvent"("shop", "seq");

CREATE UNIQUE INDEX "ConsentEvent_shop_clientEventId_key" ON "ConsentEvent"("shop", "clientEventId");

CREATE UNIQUE INDEX "ProcessedWebhook_shop_webhookId_key" ON "ProcessedWebhook"("shop", "webhookId");

CREATE UNIQUE INDEX "WriteBackTask_eventId_key" ON "WriteBackTask"("eventId");

CREATE INDEX "WriteBackTask_shop_status_nextAttemptAt_idx" ON "WriteBackTask"("shop", "status", "nextAttemptAt");

CREATE UNIQUE INDEX "BulkSyncJob_operationId_key" ON "BulkSyncJob"("operationId");

CREATE INDEX "BulkSyncJob_shop_createdAt_idx" ON "BulkSyncJob"("shop", "createdAt");

CREATE UNIQUE INDEX "DataRequestExport_shop_requestId_key" ON "DataRequestExport"("shop", "requestId");

CREATE INDEX "ProxySignature_seenAt_idx" ON "ProxySignature"("seenAt");

CREATE INDEX "DoubleOptInCode_shop_contactId_idx" ON "DoubleOptInCode"("shop", "contactId");

CREATE INDEX "OrderConsentLink_shop_eventId_idx" ON "OrderConsentLink"("shop", "eventId");

CREATE UNIQUE INDEX "OrderConsentLink_shop_orderId_eventId_key" ON "OrderConsentLink"("shop", "orderId", "eventId");

CREATE INDEX "ExportLog_shop_createdAt_idx" ON "ExportLog"("shop", "createdAt");

ALTER TABLE "Contact" ADD CONSTRAINT "Contact_shop_fkey" FOREIGN KEY ("shop") REFERENCES "Shop"("domain") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "ConsentTextVersion" ADD CONSTRAINT "ConsentTextVersion_shop_fkey" FOREIGN KEY ("shop") REFERENCES "Shop"("domain") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "ConsentTextPlacement" ADD CONSTRAINT "ConsentTextPlacement_textId_fkey" FOREIGN KEY ("textId") REFERENCES "ConsentTextVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "ConsentEvent" ADD CONSTRAINT "ConsentEvent_shop_fkey" FOREIGN KEY ("shop") REFERENCES "Shop"("domain") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "ConsentEvent" ADD CONSTRAINT "ConsentEvent_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "ConsentEvent" ADD CONSTRAINT "ConsentEvent_consentTextId_fkey" FOREIGN KEY ("consentTextId") REFERENCES "ConsentTextVersion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE "ProcessedWebhook" ADD CONSTRAINT "ProcessedWebhook_shop_fkey" FOREIGN KEY ("shop") REFERENCES "Shop"("domain") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "WriteBackTask" ADD CONSTRAINT "WriteBackTask_shop_fkey" FOREIGN KEY ("shop") REFERENCES "Shop"("domain") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "BulkSyncJob" ADD CONSTRAINT "BulkSyncJob_shop_fkey" FOREIGN KEY ("shop") REFERENCES "Shop"("domain") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "DataRequestExport" ADD CONSTRAINT "DataRequestExport_shop_fkey" FOREIGN KEY ("shop") REFERENCES "Shop"("domain") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "DoubleOptInCode" ADD CONSTRAINT "DoubleOptInCode_shop_fkey" FOREIGN KEY ("shop") REFERENCES "Shop"("domain") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "OrderConsentLink" ADD CONSTRAINT "OrderConsentLink_shop_fkey" FOREIGN KEY ("shop") REFERENCES "Shop"("domain") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "ExportLog" ADD CONSTRAINT "ExportLog_shop_fkey" FOREIGN KEY ("shop") REFERENCES "Shop"("domain") ON DELETE CASCADE ON UPDATE CASCADE;
