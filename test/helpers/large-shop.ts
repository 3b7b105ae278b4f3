/**
 * A store of N contacts with every segment present, seeded fast with the
 * app's own bulk writers (multi-row contact inserts, the ledger's batched
 * append: a valid chain, each opt-in committing to its wording and phone).
 * Every 20 contacts: 4 Group A, 1 flagged duplicate, 2 WhatsApp opt-ins
 * without proof (one also subscribed to SMS in Shopify), 4 SMS-only (one
 * in 40 sharing the phone of a Group A or opted-out contact), 4 email-only,
 * 3 unclear, 2 opted out. `expected` says what each export must hold,
 * counted from this plan, not from the code under test.
 */
import { textSha256 } from "../../app/consent/consent-text";
import { CONSENT_RULES_VERSION } from "../../app/consent/rules-version";
import { CONTACT_TYPES, insertRows, refreshPlannerStatistics } from "../../app/db/bulk-sql.server";
import type { Database } from "../../app/db.server";
import { appendEventsInTransaction, withShopLedger } from "../../app/ledger/consent-events.server";
import { setConsentTextInUse } from "../../app/ledger/consent-texts.server";

export const LARGE_TEXT =
  "Yes, send me Bulk Beans offers on WhatsApp. Reply STOP to unsubscribe at any time.";
const BATCH = 10_000;

const phoneOf = (index: number) => `+34${600_000_000 + index}`;

export interface LargeShopExpectations {
  groupA: number;
  rePermission: number;
  events: number;
  segments: Record<string, number>;
}

type Plan = { segment: string; reasons: string; phone: string; sms?: boolean; event?: "opt_in" | "opt_out" };

function planOf(index: number): Plan {
  const slot = index % 20;
  const phone = phoneOf(index);
  if (slot < 4) return { segment: "whatsapp_substantiated", reasons: "", phone, event: "opt_in" };
  if (slot === 4)
    return { segment: "whatsapp_substantiated", reasons: "DUPLICATE", phone: phoneOf(index - 4) };
  if (slot === 5)
    return { segment: "whatsapp_unsubstantiated", reasons: "MISSING_CONSENT_TEXT", phone, sms: true };
  if (slot === 6) return { segment: "whatsapp_unsubstantiated", reasons: "MISSING_CONSENT_TEXT", phone };
  if (slot <= 10) {
    const odd = Math.floor(index / 20) % 2 === 1;
    // Shares the phone of a Group A contact (slot 7) or an opted-out one (slot 10): never asked again.
    const shared = slot === 7 && odd ? phoneOf(index - 7) : slot === 10 && odd ? phoneOf(index + 8) : phone;
    return { segment: "sms_only", reasons: "NO_WHATSAPP_OPT_IN;SMS_ONLY", phone: shared };
  }
  if (slot <= 14) return { segment: "email_only", reasons: "NO_WHATSAPP_OPT_IN;EMAIL_ONLY", phone };
  if (slot <= 17) return { segment: "unclear", reasons: "NO_WHATSAPP_OPT_IN;UNCLEAR_CHANNEL", phone };
  return { segment: "opted_out", reasons: "OPTED_OUT", phone, event: "opt_out" };
}

export async function seedLargeShop(
  db: Database,
  shop: string,
  count: number,
): Promise<LargeShopExpectations> {
  if (count % 40 !== 0) throw new Error("count must be a multiple of 40");
  // The stored classifications below are the current rules' (the exports must not reclassify them first).
  await db.shop.create({
    data: {
      domain: shop,
      brandName: "Bulk Beans",
      defaultCountry: "ES",
      rulesVersion: CONSENT_RULES_VERSION,
    },
  });
  await setConsentTextInUse(db, shop, "storefront", LARGE_TEXT);
  const wording = await db.consentTextVersion.findUniqueOrThrow({
    where: { shop_sha256: { shop, sha256: textSha256(LARGE_TEXT) } },
  });
  const expected: LargeShopExpectations = { groupA: 0, rePermission: 0, events: 0, segments: {} };
  const at = (index: number) => new Date(Date.UTC(2026, 0, 1) + index * 1000);
  const id = (kind: string, index: number) => `large-${kind}-${String(index).padStart(8, "0")}`;
  for (let start = 0; start < count; start += BATCH) {
    const indexes = Array.from({ length: Math.min(BATCH, count - start) }, (_, offset) => start + offset);
    const plans = indexes.map((index) => ({ index, ...planOf(index) }));
    for (const plan of plans) {
      expected.segments[plan.segment] = (expected.segments[plan.segment] ?? 0) + 1;
      if (plan.segment === "whatsapp_substantiated" && plan.reasons === "") expected.groupA += 1;
      const shared = plan.phone !== phoneOf(plan.index);
      if (plan.segment === "sms_only" && !shared) expected.rePermission += 1;
      if (plan.segment === "email_only" || (plan.segment === "whatsapp_unsubstantiated" && plan.sms))
        expected.rePermission += 1;
      if (plan.event) expected.events += 1;
    }
    await withShopLedger(db, shop, async (tx) => {
      const contacts = plans.map((plan) => ({
        id: id("contact", plan.index),
        shop,
        phoneRaw: plan.phone,
        phoneE164: plan.phone,
        email: `shopper${plan.index}@example.com`,
        firstName: `First${plan.index}`,
        lastName: `Last${plan.index}`,
        country: "ES",
        shopifySmsState: plan.segment === "sms_only" || plan.sms ? "SUBSCRIBED" : "NOT_SUBSCRIBED",
        shopifyEmailState: plan.segment === "email_only" ? "SUBSCRIBED" : "NOT_SUBSCRIBED",
        segment: plan.segment,
        reasons: plan.reasons,
        evidenceEventId: plan.event ? id("event", plan.index) : null,
        optInLevel: plan.event === "opt_in" ? "single" : null,
        decidedAt: plan.event ? at(plan.index) : null,
        createdAt: at(plan.index),
        updatedAt: at(plan.index),
      }));
      await insertRows(tx, "Contact", Object.keys(contacts[0] ?? {}), CONTACT_TYPES, contacts);
      await appendEventsInTransaction(
        tx,
        shop,
        plans.flatMap((plan) =>
          plan.event
            ? [
                {
                  id: id("event", plan.index),
                  contactId: id("contact", plan.index),
                  channel: "whatsapp" as const,
                  action: plan.event,
                  occurredAt: at(plan.index),
                  sourceKind: "storefront_block" as const,
                  sourceDetail: "https://bulk-beans.example/pages/whatsapp#block-1",
                  captureMethod: "checkbox" as const,
                  optInLevel: plan.event === "opt_in" ? ("single" as const) : null,
                  consentText: { id: wording.id, sha256: wording.sha256 },
                  details: { phoneRaw: plan.phone, phoneE164: plan.phone },
                },
              ]
            : [],
        ),
        () => at(plans.at(-1)?.index ?? 0),
      );
    });
  }
  // As the bulk sync does after an import: PostgreSQL's planner would otherwise still see an empty shop.
  await refreshPlannerStatistics(db, ["Contact", "ConsentEvent"]);
  return expected;
}
