/**
 * The words of the evidence pack (README and page headings), kept together
 * so they can be translated, and written for a reviewer at a WhatsApp
 * platform who has never seen this app. The words for codes come from the
 * admin's one vocabulary (app/admin/strings/vocabulary.ts).
 */
import { LEVEL_TEXT, METHOD_TEXT, SOURCE_TEXT, type Term } from "../admin/strings/vocabulary";
import { CONSENT_RULES_VERSION } from "../consent/rules-version";
import { CAPTURE_METHODS, OPT_IN_LEVELS, SOURCE_KINDS } from "../consent/types";
import { markdownText } from "./markdown";

export const PACK_FILES = {
  readme: "README.md",
  groupA: "group-a.csv",
  consentTexts: "consent-texts.md",
  codes: "double-opt-in/codes.csv",
  confirmations: "double-opt-in/confirmations.csv",
  ledger: "ledger-verification.json",
  checksums: "SHA256SUMS",
} as const;

export const PACK_TEXT = {
  none: "None recorded.",
  consentTextsTitle: "Consent wording shown to shoppers",
  consentTextsIntro:
    "Every version of the opt-in wording this store has shown, exactly as shown, with its fingerprint (sha256 of the text), where it appeared and when. Each consent event in the ledger names the fingerprint of the wording the shopper saw.",
  wordingPerLanguageTitle: "Wording in use now, per language",
  wordingPerLanguageIntro:
    "Which version below each placement shows now. A shopper whose storefront or checkout language has no wording of its own is shown the main wording.",
  mainWording: "main (every other language)",
  sourceTitle: "Capture source",
  mechanism: "Mechanism",
  firstSeen: "First event recorded",
  lastSeen: "Last event recorded",
  eventCount: "Events",
  placementsTitle: "Where the wording appeared for this source",
} as const;

const SOURCE_DESCRIPTIONS: Record<string, string> = {
  storefront_block:
    "An unticked WhatsApp checkbox in the app's block on a storefront page. The shopper's tick is posted through Shopify's App Proxy, which signs every request; the app checks that signature and that the wording sent is wording this store configured.",
  storefront_embed:
    "The same WhatsApp checkbox, shown by the app's theme embed (for example a pop-up), posted through Shopify's signed App Proxy.",
  checkout:
    "An unticked WhatsApp checkbox in the Shopify checkout (checkout UI extension). The request carries Shopify's session token for the checkout, which the app verifies.",
  thank_you: "The WhatsApp checkbox on the order status (thank-you) page, sent like the checkout's.",
  shopify_sync:
    "Consent states copied from Shopify's customer records (email, SMS and WhatsApp marketing). A WhatsApp state from Shopify alone is never counted as proof, because it carries no wording.",
  import: "A list imported by the merchant; each row keeps the file name and line it came from.",
  admin: "A change made by store staff in the app.",
  whatsapp_reply:
    "A WhatsApp message from the shopper's own number: a confirmation code (double opt-in) or a stop word (opt-out), forwarded by the store's WhatsApp platform with a signature the app checks.",
};

export function describeSource(sourceKind: string): string {
  return SOURCE_DESCRIPTIONS[sourceKind] ?? "Events recorded under this source.";
}

/** "Theme app embed (`storefront_embed`)": a source's name with the code the files use. */
export function sourceTitle(sourceKind: string): string {
  const label = SOURCE_TEXT[sourceKind as keyof typeof SOURCE_TEXT]?.label;
  // Only a known kind (a plain identifier) goes into code spans; anything else is escaped text.
  return label ? `${label} (\`${sourceKind}\`)` : markdownText(sourceKind);
}

function glossary(title: string, codes: readonly string[], table: Record<string, Term>): string {
  const lines = codes.map((code) => `  - \`${code}\`: ${table[code]?.label}. ${table[code]?.explanation}`);
  return `- ${title}:\n${lines.join("\n")}`;
}

export interface ReadmeFacts {
  shop: string;
  generatedAt: string;
  doubleOptIn: boolean;
  sourceFiles: readonly string[];
  includeNames: boolean;
}

export function readmeMarkdown(facts: ReadmeFacts): string {
  const sources = facts.sourceFiles.length
    ? facts.sourceFiles.map((file) => `  - ${markdownText(file)}`).join("\n")
    : "  - (no consent events recorded yet)";
  return `# WhatsApp consent evidence for ${facts.shop}

Generated ${facts.generatedAt} (UTC) by the store's WhatsApp consent app, for
a platform's compliance review. Every opt-in in this pack was recorded by the
app at the moment it happened, together with the exact wording the shopper
saw, and chained into a tamper-evident ledger.

Judged under consent rules version ${CONSENT_RULES_VERSION}: a contact is in
this pack only when the wording it agreed to is one clear yes to marketing
from this store on WhatsApp (no other channel, sender or purpose in the same
agreement), with a plausible opt-in time, a named source and a valid number.

## What each file contains

- \`${PACK_FILES.groupA}\`: the contacts the store may import for WhatsApp
  marketing (Group A), one row per phone number in E.164. Each row has the
  time of the opt-in (UTC), how and where it was collected, single or
  confirmed (double) opt-in, the exact consent wording with its sha256, and
  the id of the ledger event that proves it (\`evidence_id\`).${facts.includeNames ? "" : "\n  Names and email addresses were left out at the store's request."}
- \`${PACK_FILES.consentTexts}\`: every version of the opt-in wording, where it
  was shown (storefront block, checkout, page), first and last seen, and how
  many consent events cite it.
- \`capture-sources/\`: one page per way consent reached the app (mechanism,
  first and last event, counts by channel and action):
${sources}
- \`${PACK_FILES.codes}\`: the one-time codes of the WhatsApp double opt-in:
  which opt-in each was issued for, when, and when it was used. Double
  opt-in is currently ${facts.doubleOptIn ? "on" : "off"} for this store.
- \`${PACK_FILES.confirmations}\`: every confirmation recorded in the ledger
  (a shopper sending their code from the number that opted in).
- \`${PACK_FILES.ledger}\`: the result of re-computing the store's consent
  ledger when this pack was made. Each event's hash covers its content and
  the previous event's hash, so changing, removing or reordering any event
  breaks the chain from that point. \`ok\` is true when every link holds;
  \`head\` is the hash of the last event and \`eventCount\` how many were
  checked; \`firstBreak\` names the first event that does not verify.
  \`storedHead\` and \`storedEventCount\` are the chain's end as the app
  recorded it while writing events, read just before the check: a verified
  chain shorter than that means events were cut from its end; a longer one
  only means consent arrived during the check. The check also re-hashes every
  wording and compares each contact's phone with the one its opt-in sealed.
  \`witness\` is that head signed by the app: keep this pack, and the app's
  \`verify-ledger --witness\` can later show that no event up to it was removed.
- \`${PACK_FILES.checksums}\`: the sha256 of every other file in this pack
  (\`sha256sum -c ${PACK_FILES.checksums}\` checks them).

## Codes used in the CSV files

${glossary("`opt_in_method`", CAPTURE_METHODS, METHOD_TEXT)}
${glossary("`opt_in_level`", OPT_IN_LEVELS, LEVEL_TEXT)}
${glossary("`opt_in_source` (before the colon: where the opt-in was collected; after it: the page, form or checkout)", SOURCE_KINDS, SOURCE_TEXT)}

Personal details kept as proof (such as the browser or a shortened IP) stay
in the app and are not part of this pack; the ledger commits to them by hash.
The app logs every export with its time, who asked for it, its number of
rows and the sha256 of the file.
`;
}
