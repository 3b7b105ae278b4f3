/** Builders shared by the core's tests (not used by production code). */
import { normalizePhone } from "./phone";
import type { ConsentFact } from "./types";

export const BRAND = "Acme Coffee";
export const GOOD_TEXT =
  "Yes, I want to receive offers and news from Acme Coffee on WhatsApp. Reply STOP at any time to unsubscribe.";

let counter = 0;

export function fact(overrides: Partial<ConsentFact> = {}): ConsentFact {
  counter += 1;
  return {
    id: `fact-${counter}`,
    channel: "whatsapp",
    action: "opt_in",
    occurredAt: new Date(Date.UTC(2026, 5, 1, 12, 0, 0)),
    sourceKind: "storefront_block",
    sourceDetail: "https://acme.example/pages/whatsapp",
    captureMethod: "checkbox",
    consentText: GOOD_TEXT,
    ...overrides,
  };
}

export const validPhone = (raw = "+34612345678") => normalizePhone(raw);
