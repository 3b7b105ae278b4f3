/**
 * Every word of the overview page, in one place for translation. Sentences
 * with numbers are functions, so a translation can reorder them.
 */
import type { SyncFailure } from "../../sync/sync-runs.server";
import type { ReadinessCheck, ReadinessId } from "../readiness";

export const DASHBOARD_TEXT = {
  title: "WhatsApp consent",
  documentTitle: "Overview · WhatsApp consent",
  noCapture: {
    title: "No WhatsApp opt-in is live yet",
    body: "No opt-in point on your storefront or checkout has recorded a shopper's choice in the last 30 days. Until one is live, nobody new can be proven and exported.",
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
    columns: ["Segment", "Contacts"],
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
    intro:
      "The questions WhatsApp platforms ask before they accept an import, and whether you have anyone to send them, answered from your data.",
    pass: "Pass",
    fail: "Fails",
    fix: "Fix this",
    review: "Review",
  },
  lastSync: { label: "Last sync", customers: (count: number) => `${count.toLocaleString("en")} customers` },
  sync: {
    running: "Syncing your customers from Shopify",
    fetched: (count: number) => `${count.toLocaleString("en")} customers fetched from Shopify so far`,
    waiting: "Waiting for Shopify to start preparing your customers.",
    imported: (count: number, of: number) =>
      `${count.toLocaleString("en")} of ${of.toLocaleString("en")} customers imported`,
    progressLabel: "Customers imported",
    failedTitle: "The last customer sync did not finish",
    retry: "Try the sync again",
  },
} as const;

/** Why a sync did not finish, in the merchant's terms, with what to do. */
export const SYNC_FAILURE_TEXT: Record<SyncFailure, string> = {
  start_refused: "Shopify did not start the sync. This is usually brief: try again in a few minutes.",
  access_denied:
    "Shopify did not let the app read your customers. Check that the app may still read customers (reinstalling it from your Shopify admin renews this), then try again.",
  shopify_error:
    "Shopify had a problem while preparing your customer list. This is usually brief: try again.",
  shopify_timeout: "Shopify took too long to prepare your customer list. Try again.",
  canceled: "The sync was stopped before it finished.",
  expired: "The customer list Shopify prepared expired before the app could read it. Try again.",
  download_failed: "The app could not download the customer list Shopify prepared. Try again.",
  import_failed:
    "Saving your customers stopped partway. The customers saved so far are kept; try again to bring in the rest.",
  stopped: "The sync stopped without finishing, most likely because the app restarted. Try again.",
};

const QUESTIONS: Record<ReadinessId, string> = {
  consent_text: "Does your consent wording name WhatsApp and your brand?",
  timestamp_source: "Does every WhatsApp opt-in have a time and a source?",
  channel_clarity: "Is nobody counted as WhatsApp because of SMS, email or generic consent?",
  scope_control: "Are unknown and unclear contacts kept out of the export?",
  capture_live: "Is a WhatsApp opt-in live on your store?",
  exportable: "Is anyone ready to export?",
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
    capture_live: () =>
      check.pass
        ? "At least one opt-in point recorded a shopper's choice in the last 30 days."
        : "No opt-in point has recorded a shopper's choice in the last 30 days. Turn on the storefront or checkout opt-in so new opt-ins are kept with proof.",
    exportable: () =>
      check.pass
        ? `${n("exportable")} contacts have proven WhatsApp consent and can be exported now.`
        : (f.unproven ?? 0) > 0
          ? `Nobody can be exported yet. ${n("unproven")} contacts are marked as WhatsApp opted in without proof: ask them again through a live opt-in.`
          : "Nobody can be exported yet. Turn on a WhatsApp opt-in and new opt-ins will appear here.",
  };
  return { question: QUESTIONS[check.id], answer: answers[check.id]() };
}
