/**
 * The `wa-consent` command line: the consent checks, with no Shopify store.
 * Exit codes: 0 acceptable / done, 1 not acceptable, 2 bad usage or bad input.
 */
import { type ParseArgsConfig, parseArgs } from "node:util";
import { z } from "zod";
import { analyzeConsentText } from "../consent/consent-text";
import { toCountryCode } from "../consent/phone";
import { REASON_TEXT, SEGMENT_TEXT } from "../consent/reasons";
import { REASON_CODES, SEGMENTS } from "../consent/types";
import { type ListCheckReport, runListCheck } from "../list-check/check-list";
import { ListInputError } from "../list-check/read-csv";
import { SHOP_DOMAIN } from "../shopify/shop-domain";
import { formatLedgerReports, verifyLedgers } from "./verify-ledger";

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export const USAGE = `Usage:
  wa-consent check-text "<consent text>" --brand "<name>" [--json]
  wa-consent check-list <file.csv> --brand "<name>" --out <dir>
                        [--default-country XX] [--map field=Header ...] [--json]
  wa-consent verify-ledger [--shop <domain>.myshopify.com] [--json]

check-text  says whether wording is acceptable for WhatsApp marketing consent
            (exit 0 acceptable, 1 not acceptable).
check-list  sorts a subscriber export into group-a.csv (substantiated WhatsApp
            opt-ins), group-b.csv (everyone else, with reasons) and report.json.
verify-ledger  re-computes the consent hash chain of each shop in the database
            of DATABASE_URL (exit 0 intact, 1 broken).
`;

class UsageError extends Error {}

const brandSchema = z.string().trim().min(1, '--brand needs your brand name, e.g. --brand "Acme Coffee"');

const checkTextArgs = z.object({
  text: z.string().trim().min(1, "give the consent text to check, in quotes"),
  brand: brandSchema,
  json: z.boolean(),
});

const mapEntry = z
  .string()
  .regex(/^[^=]+=.*$/, '--map takes field=Header, e.g. --map phone="Mobile Number"')
  .transform((entry) => {
    const at = entry.indexOf("=");
    return [entry.slice(0, at).trim(), entry.slice(at + 1).trim()] as const;
  });

const checkListArgs = z.object({
  file: z.string().min(1, "give the CSV file to check"),
  brand: brandSchema,
  out: z.string().min(1, "--out needs the folder to write group-a.csv, group-b.csv and report.json into"),
  defaultCountry: z
    .string()
    .optional()
    .refine((value) => value === undefined || toCountryCode(value) !== null, {
      message: "--default-country takes a two-letter ISO country code such as US, GB, ES or BR",
    })
    .transform((value) => (value === undefined ? null : toCountryCode(value))),
  map: z.array(mapEntry),
  json: z.boolean(),
});

function parse<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw new UsageError(result.error.issues.map((issue) => issue.message).join("\n"));
  return result.data;
}

function readArgs<T extends NonNullable<ParseArgsConfig["options"]>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/^.*?: /, ""));
  }
}

async function checkText(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = readArgs(argv, {
    brand: { type: "string" },
    json: { type: "boolean", default: false },
  });
  if (positionals.length > 1) throw new UsageError("put the consent text in quotes: it must be one argument");
  const args = parse(checkTextArgs, {
    text: positionals[0] ?? "",
    brand: values.brand ?? "",
    json: values.json,
  });
  const analysis = analyzeConsentText(args.text, args.brand);
  if (args.json) {
    io.stdout(`${JSON.stringify(analysis, null, 2)}\n`);
  } else {
    const verdict = analysis.acceptable
      ? "Acceptable for WhatsApp marketing consent."
      : "Not acceptable for WhatsApp marketing consent.";
    const marks = { ok: "✓", warning: "!", error: "✗" } as const;
    const lines = analysis.findings.map(
      (finding) => `  ${marks[finding.severity]} ${finding.code}: ${finding.message}`,
    );
    io.stdout(
      `${verdict}${analysis.language ? ` (language: ${analysis.language})` : ""}\n${lines.join("\n")}\n`,
    );
  }
  return analysis.acceptable ? 0 : 1;
}

async function checkList(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = readArgs(argv, {
    brand: { type: "string" },
    out: { type: "string" },
    "default-country": { type: "string" },
    map: { type: "string", multiple: true },
    json: { type: "boolean", default: false },
  });
  if (positionals.length > 1) throw new UsageError(`check-list takes one file, got ${positionals.length}`);
  const args = parse(checkListArgs, {
    file: positionals[0] ?? "",
    brand: values.brand ?? "",
    out: values.out ?? "",
    defaultCountry: values["default-country"],
    map: values.map ?? [],
    json: values.json,
  });
  const report = await runListCheck({
    file: args.file,
    brand: args.brand,
    defaultCountry: args.defaultCountry,
    overrides: Object.fromEntries(args.map),
    outDir: args.out,
  });
  io.stdout(args.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  return 0;
}

export function formatReport(report: ListCheckReport): string {
  const width = Math.max(...SEGMENTS.map((segment) => SEGMENT_TEXT[segment].label.length));
  const segmentLines = SEGMENTS.map(
    (segment) =>
      `  ${SEGMENT_TEXT[segment].label.padEnd(width)}  ${String(report.segments[segment]).padStart(8)}`,
  );
  const reasonLines = REASON_CODES.filter((code) => report.reasons[code] > 0)
    .sort((a, b) => report.reasons[b] - report.reasons[a])
    .map(
      (code) => `  ${String(report.reasons[code]).padStart(8)}  ${code}: ${REASON_TEXT[code].explanation}`,
    );
  return [
    `${report.file}: ${report.rows} rows${report.provider ? ` (${report.provider})` : ""}`,
    `Group A, ready to import as WhatsApp subscribers: ${report.groupA}`,
    `Group B, not importable: ${report.groupB}`,
    "",
    "By segment:",
    ...segmentLines,
    "",
    reasonLines.length > 0 ? "Why rows are in Group B:" : "No row is in Group B.",
    ...reasonLines,
    "",
    `Wrote ${report.outputs.groupA}, ${report.outputs.groupB} and ${report.outputs.report}`,
    "",
  ].join("\n");
}

async function verifyLedger(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = readArgs(argv, {
    shop: { type: "string" },
    json: { type: "boolean", default: false },
  });
  if (positionals.length > 0) throw new UsageError(`verify-ledger takes no file, got "${positionals[0]}"`);
  const args = parse(
    z.object({
      shop: z.string().regex(SHOP_DOMAIN, "--shop takes a shop domain such as acme.myshopify.com").nullable(),
      json: z.boolean(),
    }),
    { shop: values.shop ?? null, json: values.json },
  );
  const { env } = await import("../env.server");
  const reports = await verifyLedgers(env.DATABASE_URL, args.shop);
  if (reports === null) throw new UsageError(`no shop ${args.shop} in the database`);
  io.stdout(args.json ? `${JSON.stringify(reports, null, 2)}\n` : formatLedgerReports(reports));
  return reports.every((report) => report.ok) ? 0 : 1;
}

const COMMANDS: Record<string, (argv: string[], io: CliIo) => Promise<number>> = {
  "check-text": checkText,
  "check-list": checkList,
  "verify-ledger": verifyLedger,
};

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    if (command) io.stdout(USAGE);
    else io.stderr(`wa-consent: give a command\n\n${USAGE}`);
    return command ? 0 : 2;
  }
  // Own keys only: "valueOf" or "constructor" must be unknown commands, not Object's methods.
  const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  try {
    if (!run) throw new UsageError(`unknown command "${command}"`);
    return await run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`wa-consent: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof ListInputError) {
      io.stderr(`wa-consent: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
