/**
 * Two shops with every kind of contact the exports must tell apart, recorded
 * through the app's own paths (storefront capture, WhatsApp confirmation,
 * Shopify sync): Group A (one confirmed by double opt-in), opted out,
 * SMS-only, email-only, unproven WhatsApp, unclear, and SMS-only records
 * sharing a phone with a Group A or opted-out contact.
 */
import { randomUUID } from "node:crypto";
import { recordCapturedConsent } from "../../app/capture/record-consent.server";
import type { Database } from "../../app/db.server";
import { applyInboundMessages } from "../../app/double-opt-in/inbound.server";
import { setConsentTextInUse } from "../../app/ledger/consent-texts.server";
import { applySnapshots } from "../../app/sync/apply-snapshots.server";
import type { CustomerSnapshot } from "../../app/sync/customer-snapshot";

export const SHOP = "demo-coffee.myshopify.com";
export const OTHER_SHOP = "other-tea.myshopify.com";
export const TEXT = "Yes, send me Demo Coffee offers on WhatsApp. Reply STOP to unsubscribe at any time.";
export const OTHER_TEXT = "Send me Other Tea news on WhatsApp. Reply STOP to stop.";
/** Strings that only the other shop's data contains. */
export const OTHER_SHOP_MARKERS = ["+34622", "other@example.com", "Other Tea", "Oolong"];

type Consent = CustomerSnapshot["consent"];
export const subscribed = {
  state: "SUBSCRIBED",
  optInLevel: "SINGLE_OPT_IN",
  updatedAt: new Date(),
  collectedFrom: null,
};

export function snapshot(
  id: string,
  fields: Partial<CustomerSnapshot>,
  consent: Partial<Consent>,
): CustomerSnapshot {
  return {
    customerId: id,
    firstName: null,
    lastName: null,
    email: null,
    phone: null,
    country: "ES",
    updatedAt: new Date(),
    ...fields,
    consent: { email: null, sms: null, whatsapp: null, ...consent },
  } as CustomerSnapshot;
}

export async function seedExportShops(db: Database): Promise<void> {
  await db.shop.create({
    data: {
      domain: SHOP,
      brandName: "Demo Coffee",
      defaultCountry: "ES",
      doubleOptIn: true,
      whatsappNumber: "+34600000000",
    },
  });
  await db.shop.create({ data: { domain: OTHER_SHOP, brandName: "Other Tea", defaultCountry: "ES" } });
  await setConsentTextInUse(db, SHOP, "storefront", TEXT);
  await setConsentTextInUse(db, OTHER_SHOP, "storefront", OTHER_TEXT);

  const capture = (shop: string, phone: string, action: "opt_in" | "opt_out", text: string) =>
    recordCapturedConsent(db, {
      shop,
      clientEventId: randomUUID(),
      action,
      phone,
      consentText: text,
      sourceKind: "storefront_block",
      sourceDetail: "https://shop.example/pages/whatsapp#block-1",
      captureMethod: "checkbox",
    });
  await capture(SHOP, "+34 611 000 001", "opt_in", TEXT);
  const confirmed = await capture(SHOP, "+34 611 000 002", "opt_in", TEXT);
  await capture(SHOP, "+34 611 000 003", "opt_in", TEXT);
  await capture(SHOP, "+34 611 000 003", "opt_out", TEXT);
  await capture(OTHER_SHOP, "+34 622 000 001", "opt_in", OTHER_TEXT);

  // The shopper sends the code from the number that opted in: a confirmed (double) opt-in.
  const code = new URL((confirmed as { confirmUrl: string }).confirmUrl).searchParams.get("text") ?? "";
  await applyInboundMessages(db, SHOP, [{ messageId: "wamid.1", from: "+34611000002", text: code }]);

  await applySnapshots(db, SHOP, [
    snapshot("1", { firstName: "Sms", lastName: "Only", phone: "+34611000004" }, { sms: subscribed }),
    snapshot(
      "2",
      { firstName: "Email", lastName: "Only", email: "email@example.com" },
      { email: subscribed },
    ),
    // Shares the phone of a Group A contact: already opted in, not to be asked again.
    snapshot("3", { phone: "+34611000001" }, { sms: subscribed }),
    // Shares the phone of a contact who said stop.
    snapshot("4", { phone: "+34611000003", email: "stop@example.com" }, { sms: subscribed }),
    snapshot("5", { phone: "+34611000005" }, { whatsapp: { ...subscribed, collectedFrom: "OTHER" } }),
    snapshot("6", { phone: "+34611000006", email: "nobody@example.com" }, {}),
  ]);
  await applySnapshots(db, OTHER_SHOP, [
    snapshot(
      "1",
      { firstName: "Oolong", phone: "+34622000002", email: "other@example.com" },
      { sms: subscribed, email: subscribed },
    ),
  ]);
}
