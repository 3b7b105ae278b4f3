/**
 * Turns one row of a provider's export into the consent core's evidence:
 * channel facts (opt-ins, opt-outs) and the fields the clean export needs.
 */
import type { ContactEvidence } from "../consent/classify";
import { type NormalizedPhone, normalizePhone } from "../consent/phone";
import type { Channel, ConsentFact } from "../consent/types";
import type { CanonicalField, ColumnMap } from "./columns";
import {
  cleanCell,
  type OptInState,
  parseCountryCode,
  parseOptInState,
  parseOptOut,
  parseTimestamp,
} from "./values";

export interface RowContext {
  columns: ColumnMap;
  /** Column of the Shopify customer id, when the file has one. */
  customerIdColumn?: number;
  defaultCountry: string | null;
  /** Set when every row of the file is a subscriber of that channel (an SMS provider's list). */
  listChannel: Channel | null;
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
}

const CHANNEL_FIELDS: Record<Channel, CanonicalField> = {
  whatsapp: "whatsapp_opt_in",
  sms: "sms_opt_in",
  email: "email_opt_in",
};

export function interpretRow(cells: readonly string[], line: number, context: RowContext): InterpretedRow {
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
  const proof = {
    occurredAt: parseTimestamp(cell("opt_in_timestamp")),
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
    if (states[channel] === "opted_out") facts.push(optOut(line, channel, null));
  }
  const optOutCell = parseOptOut(cell("opted_out_at"));
  if (optOutCell.optedOut !== false && columns.opted_out_at !== undefined) {
    // A general unsubscribe (or an unreadable one) withdraws every channel the
    // list covers; doubt favours the shopper.
    const channels = context.listChannel ? [context.listChannel] : (["whatsapp", "sms", "email"] as const);
    for (const channel of channels) facts.push(optOut(line, channel, optOutCell.at));
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
