/**
 * The `wa-consent` command line: the consent checks, with no Shopify store.
 * Exit codes: 0 acceptable / done, 1 not acceptable, 2 bad usage or bad input.
 */
import { type ParseArgsConfig, parseArgs } from "node:util";
import { z } from "zod";
import { analyzeConsentText } from "../consent/consent-text";
import type { LedgerWitness } from "../consent/ledger";
import { toCountryCode } from "../consent/phone";
import { REASON_TEXT, SEGMENT_TEXT } from "../consent/reasons";
import { REASON_CODES, SEGMENTS } from "../consent/types";
import { describeFileSystemError } from "../csv/fs-errors";
import { ListInputError } from "../csv/read-csv";
import { type ListCheckReport, runListCheck } from "../list-check/check-list";
import { SHOP_DOMAIN } from "../shopify/shop-domain";
import { COMMAND_USAGE, type CommandName, USAGE } from "./usage";
import { formatLedgerReports, readWitness, verifyLedgers } from "./verify-ledger";

export { USAGE };

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

class UsageError extends Error {}

/** A valid IANA time zone name ("Europe/Madrid", "UTC"), as this Node's ICU knows them. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

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
  timezone: z.string().trim().refine(isTimeZone, {
    message: "--timezone takes an IANA time zone name such as Europe/Madrid, America/New_York or UTC",
  }),
  dateOrder: z
    .enum(["dmy", "mdy"], { message: "--date-order takes dmy (03/04/2026 is 3 April) or mdy (March 4)" })
    .optional(),
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
    timezone: { type: "string" },
    "date-order": { type: "string" },
    map: { type: "string", multiple: true },
    json: { type: "boolean", default: false },
  });
  if (positionals.length > 1) throw new UsageError(`check-list takes one file, got ${positionals.length}`);
  const args = parse(checkListArgs, {
    file: positionals[0] ?? "",
    brand: values.brand ?? "",
    out: values.out ?? "",
    defaultCountry: values["default-country"],
    timezone: values.timezone ?? "UTC",
    dateOrder: values["date-order"],
    map: values.map ?? [],
    json: values.json,
  });
  const report = await runListCheck({
    file: args.file,
    brand: args.brand,
    defaultCountry: args.defaultCountry,
    overrides: Object.fromEntries(args.map),
    outDir: args.out,
    timezone: args.timezone,
    dateOrder: args.dateOrder ?? null,
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
    timestampLine(report.timestamps),
    `Wrote ${report.outputs.groupA}, ${report.outputs.groupB} and ${report.outputs.report}`,
    "",
  ].join("\n");
}

function timestampLine({ timezone, readInTimezone, dateOrder }: ListCheckReport["timestamps"]): string {
  const order =
    dateOrder === null
      ? "Without --date-order, a date such as 03/04/2026 counts as no opt-in time."
      : `Dates such as 03/04/2026 were read ${dateOrder === "dmy" ? "day first" : "month first"}.`;
  const times = readInTimezone === 1 ? "1 time" : `${readInTimezone} times`;
  return `${times} written without a time zone ${readInTimezone === 1 ? "was" : "were"} read as ${timezone} time. ${order}`;
}

async function verifyLedger(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = readArgs(argv, {
    shop: { type: "string" },
    witness: { type: "string" },
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
  let witness: LedgerWitness | null = null;
  if (values.witness !== undefined) {
    const read = await readWitness(values.witness, process.env.SHOPIFY_API_SECRET);
    if ("problem" in read) throw new UsageError(read.problem);
    witness = read.witness;
    if (args.shop && args.shop !== witness.shop)
      throw new UsageError(`the witness is for ${witness.shop}, not ${args.shop}`);
  }
  const reports = await verifyLedgers(env.DATABASE_URL, args.shop, witness);
  if (reports === null) throw new UsageError(`no shop ${witness?.shop ?? args.shop} in the database`);
  io.stdout(args.json ? `${JSON.stringify(reports, null, 2)}\n` : formatLedgerReports(reports));
  return reports.every((report) => report.ok) ? 0 : 1;
}

const COMMANDS: Record<CommandName, (argv: string[], io: CliIo) => Promise<number>> = {
  "check-text": checkText,
  "check-list": checkList,
  "verify-ledger": verifyLedger,
};

/** True when argv asks for help (before any "--", after which everything is a value). */
function asksForHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf("--");
  return (end === -1 ? argv : argv.slice(0, end)).some((arg) => arg === "--help" || arg === "-h");
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) {
    io.stderr(`wa-consent: give a command\n\n${USAGE}`);
    return 2;
  }
  // Own keys only: "valueOf" or "constructor" must be unknown commands, not Object's methods.
  const known = (name: string | undefined): name is CommandName =>
    name !== undefined && Object.hasOwn(COMMANDS, name);
  if (command === "--help" || command === "-h" || command === "help") {
    io.stdout(known(rest[0]) ? COMMAND_USAGE[rest[0]] : USAGE);
    return 0;
  }
  if (known(command) && asksForHelp(rest)) {
    io.stdout(COMMAND_USAGE[command]);
    return 0;
  }
  try {
    if (!known(command)) throw new UsageError(`unknown command "${command}"`);
    return await COMMANDS[command](rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`wa-consent: ${error.message}\n\n${known(command) ? COMMAND_USAGE[command] : USAGE}`);
      return 2;
    }
    if (error instanceof ListInputError) {
      io.stderr(`wa-consent: ${error.message}\n`);
      return 2;
    }
    // A folder that cannot be written, a full disk...: one line, never a stack trace.
    const fileSystemProblem = describeFileSystemError(error);
    if (fileSystemProblem !== null) {
      io.stderr(`wa-consent: ${fileSystemProblem}\n`);
      return 2;
    }
    throw error;
  }
}
