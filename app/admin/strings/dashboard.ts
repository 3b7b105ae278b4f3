/**
 * Every word of the overview page, in one place for translation. Sentences
 * with numbers are functions, so a translation can reorder them.
 */
import type { ReadinessCheck, ReadinessId } from "../readiness";

export const DASHBOARD_TEXT = {
  title: "WhatsApp consent",
  documentTitle: "Overview · WhatsApp consent",
  noCapture: {
    title: "No WhatsApp capture point is live yet",
    body: "No shopper has opted in through your storefront or checkout, and no consent wording is in use. Until one is live, only contacts imported with proof can be exported.",
    action: "Set up capture",
  },
  failedWriteBacks: {
    title: "Some consent changes could not be saved in Shopify",
    body: (count: number) => `${count} WhatsApp consent updates were refused by Shopify.`,
  },
  segments: {
    heading: (total: number) => `Contacts by segment (${total.toLocaleString("en")})`,
    chartTitle: "Contacts per segment",
    chartDescription: (parts: string[]) => `Bar chart. ${parts.join("; ")}.`,
    columns: ["Segment", "Meaning", "Contacts"],
    download: "Download WhatsApp export (Group A)",
    sync: "Sync customers from Shopify",
    exportable: (count: number) => `${count.toLocaleString("en")} contacts can be exported now.`,
    viewContacts: "View contacts",
  },
  optIns: {
    heading: (days: number) => `WhatsApp opt-ins, last ${days} days`,
    chartTitle: "WhatsApp opt-ins per day by source",
    chartDescription: (total: number, parts: string[]) =>
      total === 0
        ? "Stacked bar chart. No WhatsApp opt-ins in this period."
        : `Stacked bar chart. ${total} opt-ins in this period: ${parts.join("; ")}.`,
    empty: (days: number) => `No WhatsApp opt-ins in the last ${days} days.`,
    legend: "Sources",
  },
  readiness: {
    heading: "Readiness self-check",
    intro: "The four questions WhatsApp platforms ask before they accept an import, answered from your data.",
    pass: "Pass",
    fail: "Fails",
    fix: "Fix this",
    review: "Review",
  },
  lastSync: { label: "Last sync", customers: (count: number) => `${count.toLocaleString("en")} customers` },
} as const;

const QUESTIONS: Record<ReadinessId, string> = {
  consent_text: "Does your consent wording name WhatsApp and your brand?",
  timestamp_source: "Does every WhatsApp opt-in have a time and a source?",
  channel_clarity: "Is nobody counted as WhatsApp because of SMS, email or generic consent?",
  scope_control: "Are unknown and unclear contacts kept out of the export?",
};

/** The question and the answer found in the data. */
export function readinessText(check: ReadinessCheck): { question: string; answer: string } {
  const f = check.figures;
  const n = (key: string) => (f[key] ?? 0).toLocaleString("en");
  const answers: Record<ReadinessId, () => string> = {
    consent_text: () =>
      f.inUse === 0
        ? "No consent wording is in use yet."
        : f.failingInUse === 0
          ? `All ${n("inUse")} wordings in use name WhatsApp and your brand (${n("versions")} versions on record, ${n("failing")} older ones do not).`
          : `${n("failingInUse")} of the ${n("inUse")} wordings in use do not name WhatsApp or your brand.`,
    timestamp_source: () =>
      f.candidates === 0
        ? "No contact is marked as opted in to WhatsApp yet."
        : `${n("percent")}% of ${n("candidates")} WhatsApp opt-ins have both (${n("missing")} lack a time or a source).`,
    channel_clarity: () =>
      f.provenButOtherChannel === 0
        ? `Only WhatsApp-specific opt-ins count. ${n("unproven")} contacts marked as WhatsApp elsewhere without proof are held back.`
        : `${n("provenButOtherChannel")} contacts count as WhatsApp while their consent is for another channel.`,
    scope_control: () =>
      `The export holds only the ${n("exportable")} proven contacts; ${n("excluded")} others stay out, among them ${n("unclear")} unclear and ${n("unproven")} unproven.`,
  };
  return { question: QUESTIONS[check.id], answer: answers[check.id]() };
}
