/**
 * A Shopify customer as the app needs it, read from every shape Shopify
 * sends: a GraphQL node (a bulk-operation JSONL line), the
 * customers/create|update payload, and the three consent topics. Pure and
 * validated with zod: a malformed payload is reported, never half-applied.
 *
 * A snapshot says only what its source carried. A field left undefined was
 * not sent and changes nothing; null means Shopify sent "nothing there".
 * Since API 2025-01, customers/create|update carry no consent at all, and
 * each consent topic carries one channel.
 */
import { z } from "zod";
import type { Channel, ConsentAction } from "../consent/types";

export interface ChannelConsent {
  /** Shopify's state, upper case: SUBSCRIBED, NEVER_SUBSCRIBED, NOT_SUBSCRIBED, UNSUBSCRIBED, PENDING, INVALID, REDACTED. */
  state: string;
  optInLevel: string | null;
  updatedAt: Date | null;
  collectedFrom: string | null;
}

export interface CustomerSnapshot {
  /** Numeric id as a decimal string (Shopify ids are 64-bit), as in gid://shopify/Customer/<id>. */
  customerId: string;
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  phone?: string | null;
  country?: string | null;
  /** The customer's own updatedAt; the consent topics carry none. */
  updatedAt: Date | null;
  /** Per channel: absent = not sent, null = Shopify holds no consent for it (e.g. no phone). */
  consent: Partial<Record<Channel, ChannelConsent | null>>;
}

/** The consent topics, as shopify.dev names them, and the channel each one carries. */
export const CONSENT_TOPICS = {
  "customers_email_marketing_consent/update": "email",
  "customers_marketing_consent/update": "sms",
  "customers_whats_app_marketing_consent/update": "whatsapp",
} as const satisfies Record<string, Channel>;
export type ConsentTopic = keyof typeof CONSENT_TOPICS;

const nullableString = z
  .string()
  .nullish()
  .transform((value) => (value === undefined || value === "" ? null : value));
/** A key that may be missing (not sent): undefined stays undefined, "" becomes null. */
const optionalString = z
  .string()
  .nullable()
  .optional()
  .transform((value) => (value === "" ? null : value));
const dateTime = z.iso.datetime({ offset: true }).transform((value) => new Date(value));
const nullableDate = z
  .union([dateTime, z.null(), z.literal("")])
  .optional()
  .transform((value) => (value instanceof Date ? value : null));

const gid = z.string().regex(/^gid:\/\/shopify\/Customer\/\d+$/, "not a customer GID");
const numericId = (value: string) => value.slice(value.lastIndexOf("/") + 1);
/**
 * A REST id: a JSON number Shopify sends as a 64-bit integer. The webhook
 * body is parsed with its ids kept as digit strings (app/webhooks/json-ids.ts);
 * a number that still arrives must be a safe integer to be exact.
 */
export const restId = z.union([z.string(), z.number()]).transform((value, ctx) => {
  if (typeof value === "number" && !Number.isSafeInteger(value)) {
    ctx.addIssue({ code: "custom", message: "a 64-bit id that lost its precision as a number" });
    return z.NEVER;
  }
  const digits = String(value);
  if (!/^[1-9]\d{0,19}$/.test(digits)) {
    ctx.addIssue({ code: "custom", message: "not a Shopify id" });
    return z.NEVER;
  }
  return digits;
});

const graphqlConsent = z
  .object({
    state: z.string().optional(),
    marketingState: z.string().optional(),
    optInLevel: nullableString,
    marketingOptInLevel: nullableString,
    updatedAt: nullableDate,
    consentUpdatedAt: nullableDate,
    collectedFrom: nullableString,
  })
  .nullish();

const GraphqlCustomer = z.object({
  id: gid,
  firstName: nullableString,
  lastName: nullableString,
  updatedAt: dateTime,
  defaultEmailAddress: z
    .object({
      emailAddress: nullableString,
      marketingState: nullableString,
      marketingOptInLevel: nullableString,
      marketingUpdatedAt: nullableDate,
    })
    .nullish(),
  defaultPhoneNumber: z
    .object({
      phoneNumber: nullableString,
      smsMarketingConsent: graphqlConsent,
      whatsAppMarketingConsent: graphqlConsent,
    })
    .nullish(),
  defaultAddress: z.object({ countryCodeV2: nullableString }).nullish(),
});

function fromGraphqlConsent(consent: z.infer<typeof graphqlConsent>): ChannelConsent | null {
  const state = consent?.state ?? consent?.marketingState;
  if (!consent || !state) return null;
  return {
    state: state.toUpperCase(),
    optInLevel: consent.optInLevel ?? consent.marketingOptInLevel ?? null,
    updatedAt: consent.updatedAt ?? consent.consentUpdatedAt ?? null,
    collectedFrom: consent.collectedFrom ?? null,
  };
}

export type SnapshotResult = { ok: true; snapshot: CustomerSnapshot } | { ok: false; error: string };

function failure(error: z.ZodError): SnapshotResult {
  const issue = error.issues[0];
  return { ok: false, error: `${issue?.path.join(".") || "customer"}: ${issue?.message ?? "invalid"}` };
}

/** A customer node of the Admin GraphQL API (query page or bulk JSONL line): the whole customer. */
export function snapshotFromGraphql(node: unknown): SnapshotResult {
  const parsed = GraphqlCustomer.safeParse(node);
  if (!parsed.success) return failure(parsed.error);
  const customer = parsed.data;
  const email = customer.defaultEmailAddress;
  const phone = customer.defaultPhoneNumber;
  return {
    ok: true,
    snapshot: {
      customerId: numericId(customer.id),
      firstName: customer.firstName,
      lastName: customer.lastName,
      email: email?.emailAddress ?? null,
      phone: phone?.phoneNumber ?? null,
      country: customer.defaultAddress?.countryCodeV2 ?? null,
      updatedAt: customer.updatedAt,
      consent: {
        email: email?.marketingState
          ? {
              state: email.marketingState.toUpperCase(),
              optInLevel: email.marketingOptInLevel,
              updatedAt: email.marketingUpdatedAt,
              collectedFrom: null,
            }
          : null,
        sms: fromGraphqlConsent(phone?.smsMarketingConsent),
        whatsapp: fromGraphqlConsent(phone?.whatsAppMarketingConsent),
      },
    },
  };
}

/** customers/create and customers/update: the person, never consent (none since API 2025-01). */
const CustomerPayload = z.object({
  id: restId,
  first_name: optionalString,
  last_name: optionalString,
  email: optionalString,
  phone: optionalString,
  updated_at: dateTime,
  default_address: z.object({ country_code: nullableString }).nullable().optional(),
});

/** The payload of customers/create and customers/update. */
export function snapshotFromCustomerPayload(payload: unknown): SnapshotResult {
  const parsed = CustomerPayload.safeParse(payload);
  if (!parsed.success) return failure(parsed.error);
  const customer = parsed.data;
  return {
    ok: true,
    snapshot: {
      customerId: customer.id,
      firstName: customer.first_name,
      lastName: customer.last_name,
      email: customer.email,
      phone: customer.phone,
      country:
        customer.default_address === undefined ? undefined : (customer.default_address?.country_code ?? null),
      updatedAt: customer.updated_at,
      consent: {},
    },
  };
}

/** A consent state as the topics send it; null (as in shopify.dev's samples) says nothing. */
const restState = z
  .string()
  .regex(/^[a-z_]+$/i, "not a consent state")
  .nullish();

const EmailConsentPayload = z.object({
  customer_id: restId,
  email_address: nullableString,
  email_marketing_consent: z.object({
    state: restState,
    opt_in_level: nullableString,
    consent_updated_at: nullableDate,
  }),
});

const SmsConsentPayload = z.object({
  id: restId,
  phone: nullableString,
  sms_marketing_consent: z.object({
    state: restState,
    opt_in_level: nullableString,
    consent_updated_at: nullableDate,
    consent_collected_from: nullableString,
  }),
});

const WhatsAppConsentPayload = z.object({
  customer_id: restId,
  phone_number: nullableString,
  whats_app_marketing_consent: z.object({
    state: restState,
    opt_in_level: nullableString,
    updated_at: nullableDate,
    collected_from: nullableString,
  }),
});

function restConsent(
  state: string | null | undefined,
  optInLevel: string | null,
  updatedAt: Date | null,
  collectedFrom: string | null,
): ChannelConsent | undefined {
  if (!state) return undefined;
  return {
    state: state.toUpperCase(),
    optInLevel: optInLevel?.toUpperCase() ?? null,
    updatedAt,
    collectedFrom: collectedFrom?.toUpperCase() ?? null,
  };
}

/**
 * The payload of one consent topic: that channel's consent, and the address
 * it is for when the payload names one (a null address is not news).
 */
export function snapshotFromConsentPayload(topic: ConsentTopic, payload: unknown): SnapshotResult {
  const channel = CONSENT_TOPICS[topic];
  const carried = (
    customerId: string,
    consent: ChannelConsent | undefined,
    address: Partial<CustomerSnapshot>,
  ) =>
    ({
      ok: true,
      snapshot: {
        customerId,
        ...address,
        updatedAt: null,
        consent: consent ? { [channel]: consent } : {},
      },
    }) satisfies SnapshotResult;
  if (channel === "email") {
    const parsed = EmailConsentPayload.safeParse(payload);
    if (!parsed.success) return failure(parsed.error);
    const { customer_id, email_address, email_marketing_consent: c } = parsed.data;
    return carried(
      customer_id,
      restConsent(c.state, c.opt_in_level, c.consent_updated_at, null),
      email_address ? { email: email_address } : {},
    );
  }
  if (channel === "sms") {
    const parsed = SmsConsentPayload.safeParse(payload);
    if (!parsed.success) return failure(parsed.error);
    const { id, phone, sms_marketing_consent: c } = parsed.data;
    return carried(
      id,
      restConsent(c.state, c.opt_in_level, c.consent_updated_at, c.consent_collected_from),
      phone ? { phone } : {},
    );
  }
  const parsed = WhatsAppConsentPayload.safeParse(payload);
  if (!parsed.success) return failure(parsed.error);
  const { customer_id, phone_number, whats_app_marketing_consent: c } = parsed.data;
  return carried(
    customer_id,
    restConsent(c.state, c.opt_in_level, c.updated_at, c.collected_from),
    phone_number ? { phone: phone_number } : {},
  );
}

export interface ConsentChange {
  channel: Channel;
  action: ConsentAction;
  occurredAt: Date | null;
  optInLevel: "single" | "confirmed" | null;
  sourceDetail: string;
}

const levelOf = (shopifyLevel: string | null) =>
  shopifyLevel === "CONFIRMED_OPT_IN" ? ("confirmed" as const) : ("single" as const);

/**
 * The consent events a snapshot implies, given the states last synced: only
 * changes become events, so re-syncing an unchanged store writes nothing,
 * and a channel the snapshot did not carry (or carried as nothing) writes nothing.
 */
export function consentChanges(
  previous: Record<Channel, string | null>,
  snapshot: CustomerSnapshot,
): ConsentChange[] {
  const changes: ConsentChange[] = [];
  for (const channel of ["whatsapp", "sms", "email"] as const) {
    const consent = snapshot.consent[channel];
    const before = previous[channel];
    if (!consent || consent.state === before) continue;
    const detail = `shopify:${(consent.collectedFrom ?? "unknown").toLowerCase()}`;
    if (consent.state === "SUBSCRIBED") {
      changes.push({
        channel,
        action: "opt_in",
        occurredAt: consent.updatedAt,
        optInLevel: levelOf(consent.optInLevel),
        sourceDetail: detail,
      });
    } else if (consent.state === "UNSUBSCRIBED" || before === "SUBSCRIBED") {
      // Leaving SUBSCRIBED for any other state withdraws the consent.
      changes.push({
        channel,
        action: "opt_out",
        occurredAt: consent.updatedAt,
        optInLevel: null,
        sourceDetail: detail,
      });
    }
  }
  return changes;
}
