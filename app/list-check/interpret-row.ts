/**
 * Turns one row of a provider's export into the consent core's evidence:
 * channel facts (opt-ins, opt-outs) and the fields the clean export needs.
 */
import type { ContactEvidence } from "../consent/classify";
import { type NormalizedPhone, normalizePhone } from "../consent/phone";
import type { Channel, ConsentFact } from "../consent/types";
import type { CanonicalField, ColumnMap, ExtraColumns } from "./columns";
import {
  cleanCell,
  type OptInState,
  parseCountryCode,
  parseOptInState,
  parseOptOut,
  readTimestamp,
  type TimestampOptions,
} from "./values";

export interface RowContext {
  columns: ColumnMap;
  /** The channel the opt-in timestamp column dates, when its header names one (see timestampChannelOf). */
  timestampChannel?: Channel | null;
  /** Other columns that can withhold consent (see ExtraColumns); none when unset. */
  extraColumns?: ExtraColumns;
  /** Column of the Shopify customer id, when the file has one. */
  customerIdColumn?: number;
  defaultCountry: string | null;
  /** Set when every row of the file is a subscriber of that channel (an SMS provider's list). */
  listChannel: Channel | null;
  /** The file's date order and the zone of times written without one. */
  timestamps?: TimestampOptions;
}

export interface InterpretedRow {
  evidence: ContactEvidence;
  phone: NormalizedPhone;
  firstName: string;
  lastName: string;
  email: string;
  country: string | null;
  optInMethod: string;
  shopifyCustomerId: string;
  /** How many of the row's timestamps named no zone and were read in context.timestamps.timeZone. */
  zonelessTimes: number;
}

const CHANNEL_FIELDS: Record<Channel, CanonicalField> = {
  whatsapp: "whatsapp_opt_in",
  sms: "sms_opt_in",
  email: "email_opt_in",
};

/**
 * A cell parser remembered per raw cell text: a list repeats a handful of
 * consent states and countries on every row. Bounded: emptied when full.
 */
function remembered<T>(parse: (raw: string) => T, limit = 1000): (raw: string) => T {
  const cache = new Map<string, T>();
  return (raw) => {
    let value = cache.get(raw);
    if (value === undefined) {
      value = parse(raw);
      if (cache.size >= limit) cache.clear();
      cache.set(raw, value);
    }
    return value;
  };
}

// Each is exactly the call the rules make on the raw cell (cleanCell twice where they do).
const stateOfRawCell = remembered((raw) => parseOptInState(raw));
const stateOfCell = remembered((raw) => parseOptInState(cleanCell(raw)));
const countryOfCell = remembered((raw) => parseCountryCode(cleanCell(raw)));
/**
 * Flags and words only: a dated opt-out is not remembered (each Date stays
 * the row's own), nor a cell that may be a date in the file's date order.
 */
const flagOptOutOfCell = remembered((raw) => {
  const parsed = parseOptOut(cleanCell(raw));
  return parsed.at === null && parsed.optedOut !== null ? parsed : null;
});

function cellAt(cells: readonly string[], index: number | undefined): string {
  return index === undefined ? "" : cleanCell(cells[index]);
}

function rawAt(cells: readonly string[], index: number | undefined): string {
  return index === undefined ? "" : (cells[index] ?? "");
}

const CHANNEL_ORDER = ["whatsapp", "sms", "email"] as const;

export function interpretRow(cells: readonly string[], line: number, context: RowContext): InterpretedRow {
  const { columns } = context;

  const rowCountry = columns.country === undefined ? null : countryOfCell(rawAt(cells, columns.country));
  const phoneCell = cellAt(cells, columns.phone);
  const phone = normalizePhone(phoneCell, {
    country: rowCountry,
    defaultCountry: context.defaultCountry,
  });

  const states = {
    whatsapp:
      columns.whatsapp_opt_in === undefined ? null : stateOfRawCell(rawAt(cells, columns.whatsapp_opt_in)),
    sms: columns.sms_opt_in === undefined ? null : stateOfRawCell(rawAt(cells, columns.sms_opt_in)),
    email: columns.email_opt_in === undefined ? null : stateOfRawCell(rawAt(cells, columns.email_opt_in)),
  } as Record<Channel, OptInState | null>;
  // Another WhatsApp consent column: an opt-out there stands, and one that
  // does not confirm the opt-in (a "no", a state we cannot read) withholds it.
  for (const index of context.extraColumns?.whatsappOptIn ?? []) {
    const raw = rawAt(cells, index);
    const state = stateOfRawCell(raw);
    if (state === "opted_out") states.whatsapp = "opted_out";
    else if (states.whatsapp === "opted_in" && state !== "opted_in" && cleanCell(raw) !== "") {
      states.whatsapp = state;
    }
  }
  // An SMS provider's list holds subscribers: no consent column means "opted in".
  if (context.listChannel && columns[CHANNEL_FIELDS[context.listChannel]] === undefined) {
    states[context.listChannel] = "opted_in";
  }

  // The proof columns describe the WhatsApp opt-in when there is one; otherwise
  // the opt-in of the only channel that has one.
  const optedIn: Channel[] = [];
  for (const channel of CHANNEL_ORDER) if (states[channel] === "opted_in") optedIn.push(channel);
  const facts: ConsentFact[] = [];
  let zonelessTimes = 0;
  if (optedIn.length > 0) {
    const provenChannel = optedIn.includes("whatsapp")
      ? "whatsapp"
      : optedIn.length === 1
        ? optedIn[0]
        : undefined;
    const datesIt =
      provenChannel !== undefined &&
      (!context.timestampChannel || context.timestampChannel === provenChannel);
    const read = datesIt ? readTimestamp(cellAt(cells, columns.opt_in_timestamp), context.timestamps) : null;
    if (read?.zoneless) zonelessTimes += 1;
    const occurredAt = read?.at ?? null;
    const sourceDetail = provenChannel ? cellAt(cells, columns.opt_in_source) : "";
    const consentText = provenChannel ? cellAt(cells, columns.consent_text) || null : null;
    for (const channel of optedIn) {
      const withProof = channel === provenChannel;
      facts.push({
        id: `${line}:${channel}:opt_in`,
        channel,
        action: "opt_in",
        occurredAt: withProof ? occurredAt : null,
        sourceKind: "import",
        sourceDetail: withProof ? sourceDetail : "",
        captureMethod: "import",
        consentText: withProof ? consentText : null,
      });
    }
  }
  for (const channel of CHANNEL_ORDER) {
    if (states[channel] === "opted_out") facts.push(optOut(line, channel, null));
  }
  // A general unsubscribe withdraws every channel the list covers: an SMS
  // provider's list covers SMS only, unless the file also has a WhatsApp
  // consent column (its signature headers may be a hand-made file's too).
  const coversWhatsApp =
    columns.whatsapp_opt_in !== undefined || (context.extraColumns?.whatsappOptIn.length ?? 0) > 0;
  const withdrawn = context.listChannel && !coversWhatsApp ? [context.listChannel] : CHANNEL_ORDER;
  // A marketing status that names no channel and says "unsubscribed" withdraws
  // every channel the list covers, as a general unsubscribe does.
  const marketing =
    columns.marketing_opt_in === undefined ? null : stateOfCell(rawAt(cells, columns.marketing_opt_in));
  if (marketing === "opted_out") {
    for (const channel of withdrawn) {
      facts.push(optOut(line, channel, null));
    }
  }
  const optOutColumns = context.extraColumns?.optedOut ?? [];
  for (const index of columns.opted_out_at === undefined
    ? optOutColumns
    : [columns.opted_out_at, ...optOutColumns]) {
    const raw = rawAt(cells, index);
    const optOutCell = flagOptOutOfCell(raw) ?? parseOptOut(cleanCell(raw), context.timestamps);
    if (optOutCell.zoneless) zonelessTimes += 1;
    if (optOutCell.optedOut !== false) {
      // A general unsubscribe (or an unreadable one) withdraws every channel the
      // list covers; doubt favours the shopper.
      for (const channel of withdrawn) facts.push(optOut(line, channel, optOutCell.at));
    }
  }

  const transactional =
    states.whatsapp === "transactional" || states.sms === "transactional" || states.email === "transactional";
  const declinedSms = columns.sms_opt_in !== undefined && (states.sms === "never" || states.sms === null);
  return {
    evidence: {
      phone,
      facts,
      genericMarketingOptIn: marketing === "opted_in",
      phoneCollectedForOrders: transactional || (declinedSms && phoneCell !== ""),
    },
    phone,
    firstName: cellAt(cells, columns.first_name),
    lastName: cellAt(cells, columns.last_name),
    email: cellAt(cells, columns.email),
    country: phone.ok ? phone.country : rowCountry,
    optInMethod: cellAt(cells, columns.opt_in_method),
    shopifyCustomerId:
      context.customerIdColumn === undefined
        ? ""
        : cleanCell(cells[context.customerIdColumn]).replace(/\D/g, ""),
    zonelessTimes,
  };
}

function optOut(line: number, channel: Channel, at: Date | null): ConsentFact {
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
