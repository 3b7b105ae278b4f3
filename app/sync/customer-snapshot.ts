/**
 * A Shopify customer as the app needs it, read from any of the three shapes
 * Shopify sends: a GraphQL node (paginated query), a bulk-operation JSONL
 * line (same shape) and a REST-style webhook payload. Pure and validated
 * with zod: a malformed customer is reported, never half-applied.
 */
import { z } from "zod";
import type { Channel, ConsentAction } from "../consent/types";

export interface ChannelConsent {
  /** Shopify's state, upper case: SUBSCRIBED, NOT_SUBSCRIBED, UNSUBSCRIBED, PENDING, INVALID, REDACTED. */
  state: string;
  optInLevel: string | null;
  updatedAt: Date | null;
  collectedFrom: string | null;
}

export interface CustomerSnapshot {
  /** Numeric id, as in gid://shopify/Customer/<id>. */
  customerId: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  country: string | null;
  updatedAt: Date;
  consent: Record<Channel, ChannelConsent | null>;
}

const nullableString = z
  .string()
  .nullish()
  .transform((value) => (value === undefined || value === "" ? null : value));
const dateTime = z.iso.datetime({ offset: true }).transform((value) => new Date(value));
const nullableDate = z
  .union([dateTime, z.null(), z.literal("")])
  .optional()
  .transform((value) => (value instanceof Date ? value : null));

const gid = z.string().regex(/^gid:\/\/shopify\/Customer\/\d+$/, "not a customer GID");
const numericId = (value: string) => value.slice(value.lastIndexOf("/") + 1);

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

/** A customer node of the Admin GraphQL API (query page or bulk JSONL line). */
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

const restConsent = z
  .object({
    state: z.string(),
    opt_in_level: nullableString,
    consent_updated_at: nullableDate,
    consent_collected_from: nullableString,
  })
  .nullish();

const WebhookCustomer = z.object({
  id: z.union([z.number().int().positive(), z.string().regex(/^\d+$/)]),
  first_name: nullableString,
  last_name: nullableString,
  email: nullableString,
  phone: nullableString,
  updated_at: dateTime,
  email_marketing_consent: restConsent,
  sms_marketing_consent: restConsent,
  whatsapp_marketing_consent: restConsent,
  default_address: z.object({ country_code: nullableString }).nullish(),
});

function fromRestConsent(consent: z.infer<typeof restConsent>): ChannelConsent | null {
  if (!consent) return null;
  return {
    state: consent.state.toUpperCase(),
    optInLevel: consent.opt_in_level?.toUpperCase() ?? null,
    updatedAt: consent.consent_updated_at,
    collectedFrom: consent.consent_collected_from ?? null,
  };
}

/** The payload of customers/create and customers/update webhooks. */
export function snapshotFromWebhook(payload: unknown): SnapshotResult {
  const parsed = WebhookCustomer.safeParse(payload);
  if (!parsed.success) return failure(parsed.error);
  const customer = parsed.data;
  return {
    ok: true,
    snapshot: {
      customerId: String(customer.id),
      firstName: customer.first_name,
      lastName: customer.last_name,
      email: customer.email,
      phone: customer.phone,
      country: customer.default_address?.country_code ?? null,
      updatedAt: customer.updated_at,
      consent: {
        email: fromRestConsent(customer.email_marketing_consent),
        sms: fromRestConsent(customer.sms_marketing_consent),
        whatsapp: fromRestConsent(customer.whatsapp_marketing_consent),
      },
    },
  };
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
 * changes become events, so re-syncing an unchanged store writes nothing.
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
