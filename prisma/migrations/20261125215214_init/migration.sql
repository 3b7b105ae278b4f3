CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" DATETIME,
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
    "refreshTokenExpires" DATETIME
);

CREATE TABLE "Shop" (
    "domain" TEXT NOT NULL PRIMARY KEY,
    "brandName" TEXT NOT NULL DEFAULT '',
    "defaultCountry" TEXT,
    "doubleOptIn" BOOLEAN NOT NULL DEFAULT false,
    "ledgerSeq" INTEGER NOT NULL DEFAULT 0,
    "ledgerHead" TEXT NOT NULL DEFAULT '0000000000000000000000000000000000000000000000000000000000000000',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

CREATE TABLE "Contact" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "shopifyWhatsAppUpdatedAt" DATETIME,
    "shopifySyncedAt" DATETIME,
    "segment" TEXT NOT NULL DEFAULT 'unclear',
    "reasons" TEXT NOT NULL DEFAULT '',
    "redactedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Contact_shop_fkey" FOREIGN KEY ("shop") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE TABLE "ConsentTextVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "language" TEXT,
    "inUseAt" TEXT NOT NULL DEFAULT '',
    "firstSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ConsentTextVersion_shop_fkey" FOREIGN KEY ("shop") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE TABLE "ConsentTextPlacement" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "textId" TEXT NOT NULL,
    "sourceKind" TEXT NOT NULL,
    "location" TEXT NOT NULL DEFAULT '',
    "firstSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ConsentTextPlacement_textId_fkey" FOREIGN KEY ("textId") REFERENCES "ConsentTextVersion" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE TABLE "ConsentEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "contactId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "occurredAt" DATETIME,
    "recordedAt" DATETIME NOT NULL,
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
    "redactedAt" DATETIME,
    CONSTRAINT "ConsentEvent_shop_fkey" FOREIGN KEY ("shop") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ConsentEvent_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ConsentEvent_consentTextId_fkey" FOREIGN KEY ("consentTextId") REFERENCES "ConsentTextVersion" ("id") ON DELETE SET NULL ON UPDATE CASCADE
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
