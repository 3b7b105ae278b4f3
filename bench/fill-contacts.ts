/**
 * Fills a migrated SQLite database with a realistic contact mix for the admin
 * benchmark: segments, reason combinations, sources and decision times in
 * proportions a store with an imported list and a live storefront might have,
 * one WhatsApp event per WhatsApp or opted-out contact. Raw multi-row
 * INSERTs inside large transactions, with the secondary indexes dropped
 * during the load and built again afterwards (see withIndexesDeferred).
 * Hashes are placeholders (the benchmark times reads, not verification).
 */
import type { Database } from "../app/db.server";

const FIRST = [
  "Ana",
  "Bruno",
  "Carla",
  "David",
  "Elena",
  "Felipe",
  "Greta",
  "Hugo",
  "Iris",
  "Jorge",
  "Karin",
  "Luis",
  "Marta",
  "Nora",
  "Oscar",
  "Paula",
  "Quentin",
  "Rosa",
  "Sven",
  "Tomás",
];
const LAST = [
  "García",
  "López",
  "Martín",
  "Smith",
  "Jones",
  "Müller",
  "Rossi",
  "Dubois",
  "Silva",
  "Nowak",
  "Kim",
  "Chen",
  "Novak",
  "Berg",
  "Costa",
  "Weber",
  "Moreau",
  "Ricci",
  "Santos",
  "Young",
];

interface Profile {
  weight: number;
  segment: string;
  reasons: string[];
  sources: string[] | null;
}

const PROFILES: Profile[] = [
  {
    weight: 100,
    segment: "whatsapp_substantiated",
    reasons: [""],
    sources: ["storefront_block", "storefront_block", "checkout", "storefront_embed", "thank_you"],
  },
  {
    weight: 5,
    segment: "whatsapp_substantiated",
    reasons: ["DUPLICATE", "INVALID_PHONE"],
    sources: ["checkout"],
  },
  {
    weight: 60,
    segment: "whatsapp_unsubstantiated",
    reasons: [
      "MISSING_CONSENT_TEXT;MISSING_SOURCE",
      "MISSING_CONSENT_TEXT",
      "MISSING_TIMESTAMP;MISSING_CONSENT_TEXT",
      "TEXT_MISSING_BRAND",
    ],
    sources: ["shopify_sync", "shopify_sync", "import"],
  },
  {
    weight: 150,
    segment: "sms_only",
    reasons: ["NO_WHATSAPP_OPT_IN;SMS_ONLY", "NO_WHATSAPP_OPT_IN;SMS_ONLY;MISSING_COUNTRY_CODE"],
    sources: null,
  },
  {
    weight: 300,
    segment: "email_only",
    reasons: ["NO_WHATSAPP_OPT_IN;EMAIL_ONLY", "NO_WHATSAPP_OPT_IN;EMAIL_ONLY;INVALID_PHONE"],
    sources: null,
  },
  {
    weight: 330,
    segment: "unclear",
    reasons: [
      "NO_WHATSAPP_OPT_IN;TRANSACTIONAL_ONLY",
      "NO_WHATSAPP_OPT_IN;UNCLEAR_CHANNEL",
      "NO_WHATSAPP_OPT_IN;INVALID_PHONE",
    ],
    sources: null,
  },
  {
    weight: 55,
    segment: "opted_out",
    reasons: ["OPTED_OUT"],
    sources: ["storefront_block", "whatsapp_reply", "shopify_sync"],
  },
];
const TOTAL_WEIGHT = PROFILES.reduce((sum, profile) => sum + profile.weight, 0);

/** A small deterministic generator (mulberry32): the same database every run. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pickProfile(roll: number): Profile {
  let left = roll;
  for (const profile of PROFILES) {
    left -= profile.weight;
    if (left < 0) return profile;
  }
  return PROFILES[0] as Profile;
}

const quote = (value: string | null) => (value === null ? "NULL" : `'${value.replaceAll("'", "''")}'`);
/** The text form Prisma's SQLite adapter stores DateTime columns in. */
const stamp = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");
const pick = <T>(list: readonly T[], next: () => number): T => list[Math.floor(next() * list.length)] as T;

export async function fillContacts(db: Database, shop: string, count: number, seed: number): Promise<void> {
  const next = random(seed);
  const now = Date.UTC(2026, 10, 25);
  await db.shop.upsert({
    where: { domain: shop },
    create: { domain: shop, brandName: "Demo Coffee" },
    update: {},
  });
  const text = await db.consentTextVersion.create({
    data: {
      shop,
      sha256: "b".repeat(64),
      text: "Yes, send me Demo Coffee offers on WhatsApp. Reply STOP to stop.",
      inUseAt: "storefront",
    },
  });
  const BATCH = 500;
  const PER_TRANSACTION = 50_000;
  let seq = 0;
  for (let start = 0; start < count; start += PER_TRANSACTION) {
    await db.$transaction(
      async (tx) => {
        for (let batch = start; batch < Math.min(count, start + PER_TRANSACTION); batch += BATCH) {
          const contacts: string[] = [];
          const events: string[] = [];
          for (let index = batch; index < Math.min(count, batch + BATCH); index++) {
            const profile = pickProfile(next() * TOTAL_WEIGHT);
            const id = `${seed}-${index.toString(36).padStart(6, "0")}`;
            const first = pick(FIRST, next);
            const last = pick(LAST, next);
            const source = profile.sources ? pick(profile.sources, next) : null;
            const decided = source ? now - Math.floor(next() * 730 * 86_400_000) : null;
            const eventId = source ? `e${id}` : null;
            const created = stamp(now - Math.floor(next() * 1000 * 86_400_000));
            contacts.push(
              `(${[
                quote(id),
                quote(shop),
                quote(String(seed * 10_000_000 + index)),
                quote(`+34 6${String(10_000_000 + index).slice(-8)}`),
                quote(`+346${String(10_000_000 + index).slice(-8)}${seed}`),
                quote(`${first.toLowerCase()}.${index}@example.com`),
                quote(first),
                quote(last),
                "'ES'",
                quote(profile.segment),
                quote(pick(profile.reasons, next)),
                quote(eventId),
                quote(source),
                decided === null ? "NULL" : quote(stamp(decided)),
                quote(created),
                quote(created),
              ].join(",")})`,
            );
            if (source && decided !== null) {
              seq += 1;
              const action = profile.segment === "opted_out" ? "opt_out" : "opt_in";
              // Opt-ins of the last 30 days spread over the chart; older ones over two years.
              const occurred = next() < 0.15 ? now - Math.floor(next() * 30 * 86_400_000) : decided;
              events.push(
                `(${[
                  quote(eventId),
                  quote(shop),
                  String(seq),
                  quote(id),
                  "'whatsapp'",
                  quote(action),
                  quote(stamp(occurred)),
                  quote(stamp(occurred)),
                  quote(source),
                  "''",
                  "'checkbox'",
                  quote(text.id),
                  "'h'",
                  "'p'",
                  "'h'",
                ].join(",")})`,
              );
            }
          }
          await tx.$executeRawUnsafe(
            `INSERT INTO "Contact" ("id","shop","shopifyCustomerId","phoneRaw","phoneE164","email","firstName","lastName","country","segment","reasons","evidenceEventId","evidenceSourceKind","decidedAt","createdAt","updatedAt") VALUES ${contacts.join(",")}`,
          );
          if (events.length > 0)
            await tx.$executeRawUnsafe(
              `INSERT INTO "ConsentEvent" ("id","shop","seq","contactId","channel","action","occurredAt","recordedAt","sourceKind","sourceDetail","captureMethod","consentTextId","detailsHash","prevHash","hash") VALUES ${events.join(",")}`,
            );
        }
      },
      { timeout: 10 * 60_000, maxWait: 60_000 },
    );
  }
  await db.shop.update({ where: { domain: shop }, data: { ledgerSeq: seq } });
}

/**
 * Drops the secondary indexes of Contact and ConsentEvent, runs `load`, and
 * creates them again: building an index once over sorted keys is far faster
 * than maintaining nine of them through a million random inserts.
 */
export async function withIndexesDeferred(db: Database, load: () => Promise<void>): Promise<void> {
  const indexes = await db.$queryRawUnsafe<{ name: string; sql: string }[]>(
    `SELECT "name", "sql" FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('Contact', 'ConsentEvent')`,
  );
  for (const index of indexes) await db.$executeRawUnsafe(`DROP INDEX "${index.name}"`);
  await load();
  for (const index of indexes) await db.$executeRawUnsafe(index.sql);
}
