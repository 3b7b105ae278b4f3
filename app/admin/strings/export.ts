/**
 * Every string of the Export page (app/routes/app.export.tsx), in one place
 * for translation. Functions take the numbers they show.
 */
import type { ExportKind } from "../../export/export-log.server";

export const EXPORT_PAGE_TEXT = {
  title: "Export",
  documentTitle: "Export · WhatsApp consent",
  subtitle: "Files for your WhatsApp platform, and the proof behind them",
  form: {
    title: "File form",
    importer: "For your WhatsApp platform's importer",
    importerHelp:
      "Pick this to upload the file to Coco, Klaviyo, WATI or another platform (UTF-8, values exactly as they are).",
    spreadsheet: "For a spreadsheet",
    spreadsheetHelp:
      "Pick this to open the file yourself in Excel, LibreOffice or Numbers: accented names read correctly and phone numbers keep their +.",
  },
  groupA: {
    heading: "WhatsApp contacts you can import (Group A)",
    body: "Only contacts whose WhatsApp opt-in can be proven: when it happened, where, and the exact wording they agreed to. Each row carries that evidence, in the columns WhatsApp platforms ask for.",
    count: (rows: number) =>
      rows === 1 ? "1 contact ready to export" : `${rows.toLocaleString("en-US")} contacts ready to export`,
    includeNames: "Include names and email addresses",
    includeNamesHelp: "Leave this off if your platform only needs phone numbers and proof.",
    download: "Download Group A CSV",
    empty:
      "No contact has a provable WhatsApp opt-in yet. Turn on the storefront or checkout opt-in in Capture setup; new opt-ins appear here.",
  },
  rePermission: {
    heading: "Re-permission list",
    body: "People who agreed to SMS or email marketing but never to WhatsApp, and people marked as WhatsApp subscribers whose opt-in cannot be proven. Send them a WhatsApp opt-in invitation by SMS or email; do not message them on WhatsApp until they accept. Anyone already exportable or who opted out of WhatsApp is left out, and so is anyone with no SMS or email consent to ask them through.",
    columns: ["Consent on record", "Contacts in segment"],
    smsOnly: "SMS only",
    emailOnly: "Email only",
    whatsappUnproven: "WhatsApp opt-in without proof",
    audience: "Who to ask",
    everyone: "Everyone on the list",
    download: "Download re-permission CSV",
  },
  evidencePack: {
    heading: "Evidence pack",
    body: "One ZIP file for a platform's compliance review:",
    contents: [
      "the Group A CSV",
      "every version of your consent wording, with where and when it was shown",
      "one page per capture source: how it works, first and last opt-in, counts",
      "the double opt-in log",
      "the ledger check: the chain's latest hash, how many events it holds, and whether every link verifies",
      "a README explaining each file",
    ],
    namesNote: "Names and email addresses follow the choice above.",
    download: "Download evidence pack (ZIP)",
  },
  history: {
    heading: "Export history",
    body: "Every file taken out of the app, with a fingerprint (sha256) to match a file to its export.",
    columns: ["When (UTC)", "What", "Rows", "Requested by", "File sha256", "Result"],
    empty: "Nothing exported yet.",
    completed: "Complete",
    failed: "Failed: the download stopped part-way. Delete that file and download it again.",
    failedBanner: (count: number) =>
      count === 1
        ? "One of the recent downloads failed part-way. The file it left is incomplete: delete it and download again."
        : `${count} of the recent downloads failed part-way. The files they left are incomplete: delete them and download again.`,
    line: (at: string, rows: number, by: string, sha: string) =>
      `${at} UTC · ${rows.toLocaleString("en-US")} rows · by ${by} · sha256 ${sha}…`,
  },
  kinds: {
    group_a: "Group A CSV",
    re_permission: "Re-permission CSV",
    evidence_pack: "Evidence pack",
  } satisfies Record<ExportKind, string>,
} as const;

const OPTION_WORDS: Record<string, string | null> = {
  with_names: null,
  without_names: "without names",
  spreadsheet: "for a spreadsheet",
  sms_only: "SMS only",
  email_only: "email only",
};

/** "Group A CSV (without names, for a spreadsheet)": the log's options in words, never its codes. */
export function exportKindLabel(kind: string, options: string): string {
  const label = EXPORT_PAGE_TEXT.kinds[kind as ExportKind] ?? "Export";
  const words = options
    .split(",")
    .filter(Boolean)
    .map((option) => OPTION_WORDS[option])
    .filter((word): word is string => Boolean(word));
  return words.length > 0 ? `${label} (${words.join(", ")})` : label;
}
