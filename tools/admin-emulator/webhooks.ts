/**
 * Webhook deliveries signed the way Shopify signs them, and the payloads of
 * the topics the emulator sends (customers/*, the consent topics, orders/create).
 */
import { createHmac, randomUUID } from "node:crypto";
import { addressDetails } from "./generator";
import { jsonId } from "./ids";
import {
  type ConsentChannel,
  type CustomerRecord,
  customerGid,
  isoFromT,
  type OrderRecord,
  orderGid,
} from "./store";

export interface WebhookOptions {
  webhookId?: string;
  eventId?: string;
  /** Path on the app (default `/webhooks`). */
  path?: string;
  apiVersion?: string;
  triggeredAt?: string;
}

export interface Delivery {
  shop: string;
  topic: string;
  webhookId: string;
  status: number | null;
  error?: string;
}

export function signWebhook(rawBody: string | Buffer, apiSecret: string): string {
  return createHmac("sha256", apiSecret).update(rawBody).digest("base64");
}

export async function deliverWebhook(
  appUrl: string,
  apiSecret: string,
  shop: string,
  topic: string,
  payload: unknown,
  options: WebhookOptions & { apiVersion: string },
): Promise<Delivery> {
  const body = JSON.stringify(payload);
  const webhookId = options.webhookId ?? randomUUID();
  const headers = {
    "Content-Type": "application/json",
    "X-Shopify-Topic": topic,
    "X-Shopify-Hmac-Sha256": signWebhook(body, apiSecret),
    "X-Shopify-Shop-Domain": shop,
    "X-Shopify-API-Version": options.apiVersion,
    "X-Shopify-Webhook-Id": webhookId,
    "X-Shopify-Event-Id": options.eventId ?? randomUUID(),
    "X-Shopify-Triggered-At": options.triggeredAt ?? new Date().toISOString(),
  };
  const url = `${appUrl.replace(/\/$/, "")}${options.path ?? "/webhooks"}`;
  try {
    const response = await fetch(url, { method: "POST", headers, body, signal: AbortSignal.timeout(10_000) });
    await response.arrayBuffer();
    return { shop, topic, webhookId, status: response.status };
  } catch (e) {
    return { shop, topic, webhookId, status: null, error: (e as Error).message };
  }
}

const lower = (v: string | null) => (v === null ? null : v.toLowerCase());

/*
 * Payloads follow shopify.dev's webhook reference (2026-07 samples): the same
 * keys, REST style, ids as 64-bit JSON numbers. Since API 2025-01 the
 * customers/* payloads carry no consent and no tags; each consent channel has
 * its own topic. Assumed where the samples say nothing: consent states are the
 * GraphQL enum values in lower case, with the REST "not_subscribed" for SMS.
 */

/** The topic that reports a change of each consent channel. */
export const CONSENT_TOPIC = {
  email: "customers_email_marketing_consent/update",
  sms: "customers_marketing_consent/update",
  whatsApp: "customers_whats_app_marketing_consent/update",
} as const satisfies Record<ConsentChannel, string>;

function addressPayload(c: CustomerRecord, i: number) {
  const country = c.country ?? "US";
  const d = addressDetails(c.id, i, country);
  return {
    id: c.id * 10 + i,
    customer_id: jsonId(c.id),
    first_name: c.firstName,
    last_name: c.lastName,
    company: null,
    address1: d.address1,
    address2: null,
    city: d.city,
    province: null,
    country: new Intl.DisplayNames(["en"], { type: "region" }).of(country) ?? country,
    zip: d.zip,
    phone: i === 0 ? c.phone : null,
    name: [c.firstName, c.lastName].filter(Boolean).join(" "),
    province_code: null,
    country_code: country,
    country_name: new Intl.DisplayNames(["en"], { type: "region" }).of(country) ?? country,
    default: i === 0,
  };
}

/** The customers/create and customers/update payload: the person, no consent. */
export function customerPayload(c: CustomerRecord, currency: string) {
  const addresses = Array.from({ length: c.addresses }, (_, i) => addressPayload(c, i));
  return {
    id: jsonId(c.id),
    created_at: isoFromT(c.createdAt),
    updated_at: isoFromT(c.updatedAt),
    first_name: c.firstName,
    last_name: c.lastName,
    state: "disabled",
    note: c.note,
    verified_email: c.email !== null,
    multipass_identifier: null,
    tax_exempt: false,
    email: c.email,
    phone: c.phone,
    currency,
    addresses,
    tax_exemptions: [],
    admin_graphql_api_id: customerGid(c.id),
    default_address: addresses[0] ?? null,
  };
}

/** The payload of a consent channel's topic. */
export function consentPayload(c: CustomerRecord, channel: ConsentChannel) {
  if (channel === "email") {
    return {
      customer_id: jsonId(c.id),
      email_address: c.email,
      email_marketing_consent: {
        state: lower(c.emailState),
        opt_in_level: lower(c.emailOptIn),
        consent_updated_at: isoFromT(c.emailAt),
      },
    };
  }
  if (channel === "sms") {
    return {
      id: jsonId(c.id),
      phone: c.phone,
      sms_marketing_consent: {
        state: c.smsState === "NEVER_SUBSCRIBED" ? "not_subscribed" : lower(c.smsState),
        opt_in_level: lower(c.smsOptIn),
        consent_updated_at: isoFromT(c.smsAt),
        consent_collected_from: lower(c.smsFrom ?? "OTHER"),
      },
    };
  }
  return {
    customer_id: jsonId(c.id),
    phone_number: c.phone,
    whats_app_marketing_consent: {
      state: lower(c.waState),
      opt_in_level: lower(c.waOptIn),
      updated_at: isoFromT(c.waAt),
      collected_from: lower(c.waFrom ?? "OTHER"),
    },
  };
}

/** The customers/delete payload. */
export function deletedCustomerPayload(c: CustomerRecord) {
  return { id: jsonId(c.id), tax_exemptions: [], admin_graphql_api_id: customerGid(c.id) };
}

/** An order's customer: the customer payload without its address list (as in the sample). */
const orderCustomer = ({ addresses: _all, ...customer }: ReturnType<typeof customerPayload>) => customer;

/** The orders/create payload (the sample's keys that matter to an app; no metafields, as Shopify sends it). */
export function orderPayload(order: OrderRecord, customer: CustomerRecord | undefined, currency: string) {
  const at = isoFromT(order.createdAt);
  return {
    id: jsonId(order.id),
    admin_graphql_api_id: orderGid(order.id),
    app_id: null,
    buyer_accepts_marketing: false,
    cart_token: null,
    checkout_token: order.checkoutToken,
    confirmation_number: null,
    confirmed: true,
    contact_email: customer?.email ?? null,
    created_at: at,
    currency,
    email: customer?.email ?? null,
    financial_status: "paid",
    fulfillment_status: null,
    name: order.name,
    note: null,
    note_attributes: [],
    number: order.id % 100_000,
    order_number: 1000 + (order.id % 100_000),
    phone: customer?.phone ?? null,
    presentment_currency: currency,
    processed_at: at,
    source_name: "web",
    tags: "",
    test: false,
    token: order.checkoutToken ?? `order-${order.id}`,
    total_price: "0.00",
    updated_at: at,
    customer: customer ? orderCustomer(customerPayload(customer, currency)) : null,
    line_items: [],
    shipping_lines: [],
  };
}
