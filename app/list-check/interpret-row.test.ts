/**
 * interpretRow remembers cell values and parses proof columns only when they
 * are used; the version before that is kept here verbatim as the reference.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizePhone } from "../consent/phone";
import type { Channel, ConsentFact } from "../consent/types";
import { CANONICAL_FIELDS, type CanonicalField } from "./columns";
import { type InterpretedRow, interpretRow, type RowContext } from "./interpret-row";
import {
  cleanCell,
  type OptInState,
  parseCountryCode,
  parseOptInState,
  parseOptOut,
  readTimestamp,
} from "./values";

const CHANNEL_FIELDS: Record<Channel, CanonicalField> = {
  whatsapp: "whatsapp_opt_in",
  sms: "sms_opt_in",
  email: "email_opt_in",
};

function referenceInterpretRow(cells: readonly string[], line: number, context: RowContext): InterpretedRow {
  const { columns } = context;
  const cell = (field: CanonicalField) => {
    const index = columns[field];
    return index === undefined ? "" : cleanCell(cells[index]);
  };

  const rowCountry = parseCountryCode(cell("country"));
  const phone = normalizePhone(cell("phone"), {
    country: rowCountry,
    defaultCountry: context.defaultCountry,
  });

  const states = {} as Record<Channel, OptInState | null>;
  for (const channel of ["whatsapp", "sms", "email"] as const) {
    const index = columns[CHANNEL_FIELDS[channel]];
    states[channel] = index === undefined ? null : parseOptInState(cells[index]);
  }
  // An SMS provider's list holds subscribers: no consent column means "opted in".
  if (context.listChannel && columns[CHANNEL_FIELDS[context.listChannel]] === undefined) {
    states[context.listChannel] = "opted_in";
  }

  // The proof columns describe the WhatsApp opt-in when there is one; otherwise
  // the opt-in of the only channel that has one.
  const optedIn = (["whatsapp", "sms", "email"] as const).filter((channel) => states[channel] === "opted_in");
  const provenChannel = optedIn.includes("whatsapp")
    ? "whatsapp"
    : optedIn.length === 1
      ? optedIn[0]
      : undefined;
  const read = readTimestamp(cell("opt_in_timestamp"), context.timestamps);
  let zonelessTimes = provenChannel && read?.zoneless ? 1 : 0;
  const proof = {
    occurredAt: read?.at ?? null,
    sourceDetail: cell("opt_in_source"),
    consentText: cell("consent_text") || null,
  };

  const facts: ConsentFact[] = [];
  for (const channel of optedIn) {
    const withProof = channel === provenChannel;
    facts.push({
      id: `${line}:${channel}:opt_in`,
      channel,
      action: "opt_in",
      occurredAt: withProof ? proof.occurredAt : null,
      sourceKind: "import",
      sourceDetail: withProof ? proof.sourceDetail : "",
      captureMethod: "import",
      consentText: withProof ? proof.consentText : null,
    });
  }
  for (const channel of ["whatsapp", "sms", "email"] as const) {
    if (states[channel] === "opted_out") facts.push(referenceOptOut(line, channel, null));
  }
  if (columns.marketing_opt_in !== undefined && parseOptInState(cell("marketing_opt_in")) === "opted_out") {
    const channels =
      context.listChannel && columns.whatsapp_opt_in === undefined
        ? [context.listChannel]
        : (["whatsapp", "sms", "email"] as const);
    for (const channel of channels) facts.push(referenceOptOut(line, channel, null));
  }
  const optOutCell = parseOptOut(cell("opted_out_at"), context.timestamps);
  if (columns.opted_out_at !== undefined && optOutCell.zoneless) zonelessTimes += 1;
  if (optOutCell.optedOut !== false && columns.opted_out_at !== undefined) {
    // A general unsubscribe (or an unreadable one) withdraws every channel the
    // list covers; doubt favours the shopper.
    const channels =
      context.listChannel && columns.whatsapp_opt_in === undefined
        ? [context.listChannel]
        : (["whatsapp", "sms", "email"] as const);
    for (const channel of channels) facts.push(referenceOptOut(line, channel, optOutCell.at));
  }

  const transactional = Object.values(states).includes("transactional");
  const declinedSms = columns.sms_opt_in !== undefined && (states.sms === "never" || states.sms === null);
  return {
    evidence: {
      phone,
      facts,
      genericMarketingOptIn: parseOptInState(cell("marketing_opt_in")) === "opted_in",
      phoneCollectedForOrders: transactional || (declinedSms && cell("phone") !== ""),
    },
    phone,
    firstName: cell("first_name"),
    lastName: cell("last_name"),
    email: cell("email"),
    country: phone.ok ? phone.country : rowCountry,
    optInMethod: cell("opt_in_method"),
    shopifyCustomerId:
      context.customerIdColumn === undefined
        ? ""
        : cleanCell(cells[context.customerIdColumn]).replace(/\D/g, ""),
    zonelessTimes,
  };
}

function referenceOptOut(line: number, channel: Channel, at: Date | null): ConsentFact {
  return {
    id: `${line}:${channel}:opt_out`,
    channel,
    action: "opt_out",
    occurredAt: at,
    sourceKind: "import",
    sourceDetail: "",
    captureMethod: "import",
    consentText: null,
  };
}

const VALUES: Record<CanonicalField, readonly string[]> = {
  phone: [
    "+34612345678",
    "(415) 555-2671",
    "'+61412000999",
    "12",
    "",
    "612345678",
    "+1 415 555 2671 ext 9",
    "abc",
  ],
  email: ["a@example.com", "", " b@example.com "],
  first_name: ["Ana", "", "'Bea"],
  last_name: ["Ruiz", ""],
  country: ["US", "ES", "United Kingdom", "'GB", "", "Narnia", "+44", " es ", "''ES"],
  whatsapp_opt_in: [
    "yes",
    "no",
    "SUBSCRIBED",
    "UNSUBSCRIBED",
    "transactional",
    "",
    "weird",
    " 'yes",
    "pending",
    "''yes",
  ],
  sms_opt_in: ["yes", "NEVER_SUBSCRIBED", "subscribed", "", "Transactional", "MARKETING", "stop"],
  email_opt_in: ["TRUE", "FALSE", "", "unsubscribed"],
  marketing_opt_in: ["yes", "", "'true", "no", " Subscribed ", "''yes", "UNSUBSCRIBED", "revoked"],
  opt_in_timestamp: [
    "2026-03-01T10:00:00Z",
    "",
    "1700000000",
    "nope",
    "2026-02-30",
    "Jan 15, 2024 3:04 PM",
    "03/04/2026",
    "25/03/2026 10:00",
    "04.03.2026",
  ],
  opt_in_source: ["https://acme.example/wa", "", "  "],
  opt_in_method: ["checkbox", ""],
  consent_text: ["Offers from Acme Coffee on WhatsApp", "", "'Texts from Acme"],
  opted_out_at: [
    "",
    "yes",
    "FALSE",
    "2026-02-01T00:00:00Z",
    "??",
    "unsubscribed",
    "1700000000",
    "03/04/2026",
    "2026-02-01 08:00",
  ],
};

const context = fc.record({
  fields: fc.subarray([...CANONICAL_FIELDS]),
  customerId: fc.boolean(),
  defaultCountry: fc.constantFrom("US", "GB", null),
  listChannel: fc.constantFrom<Channel | null>(null, "sms"),
  timestamps: fc.constantFrom(
    undefined,
    { timeZone: "Europe/Madrid", slashDates: "dmy" as const },
    { timeZone: "America/New_York", slashDates: "mdy" as const },
  ),
});

describe("interpretRow", () => {
  it("reads every row exactly as the unoptimised version did", () => {
    fc.assert(
      fc.property(
        context,
        fc.infiniteStream(fc.nat()),
        fc.integer({ min: 2, max: 9999 }),
        (ctx, picks, line) => {
          const fields = ctx.fields.includes("phone")
            ? ctx.fields
            : (["phone", ...ctx.fields] as CanonicalField[]);
          const columns = Object.fromEntries(fields.map((field, index) => [field, index]));
          const iterator = picks[Symbol.iterator]();
          const cells = fields.map((field) => {
            const values = VALUES[field];
            return values[(iterator.next().value as number) % values.length] as string;
          });
          if (ctx.customerId)
            cells.push(["'7210448301122", "12-34", ""][(iterator.next().value as number) % 3] as string);
          const rowContext: RowContext = {
            columns,
            customerIdColumn: ctx.customerId ? fields.length : undefined,
            defaultCountry: ctx.defaultCountry,
            listChannel: ctx.listChannel,
            timestamps: ctx.timestamps,
          };
          // Twice: the second call reads remembered values.
          for (let round = 0; round < 2; round++) {
            expect(interpretRow(cells, line, rowContext)).toEqual(
              referenceInterpretRow(cells, line, rowContext),
            );
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});
