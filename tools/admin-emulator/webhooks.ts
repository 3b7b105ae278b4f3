/**
 * Webhook deliveries signed the way Shopify signs them, and the REST-style
 * payloads of the customers/* topics.
 */
import { createHmac, randomUUID } from "node:crypto";
import { addressDetails } from "./generator";
import { type CustomerRecord, customerGid, isoFromT } from "./store";

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

/** The customers/create and customers/update payload (REST Customer resource). */
export function customerPayload(c: CustomerRecord, currency: string, includeWhatsApp = false) {
  const addresses = Array.from({ length: c.addresses }, (_, i) => {
    const country = c.country ?? "US";
    const d = addressDetails(c.id, i, country);
    return {
      id: c.id * 10 + i,
      customer_id: c.id,
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
      default: i === 0,
    };
  });
  const payload: Record<string, unknown> = {
    id: c.id,
    email: c.email,
    created_at: isoFromT(c.createdAt),
    updated_at: isoFromT(c.updatedAt),
    first_name: c.firstName,
    last_name: c.lastName,
    orders_count: c.id % 5,
    state: "disabled",
    total_spent: "0.00",
    last_order_id: null,
    note: c.note,
    verified_email: c.email !== null,
    multipass_identifier: null,
    tax_exempt: false,
    tags: c.tags.join(", "),
    last_order_name: null,
    currency,
    phone: c.phone,
    addresses,
    tax_exemptions: [],
    email_marketing_consent: c.email
      ? {
          state: lower(c.emailState),
          opt_in_level: lower(c.emailOptIn),
          consent_updated_at: isoFromT(c.emailAt),
        }
      : null,
    sms_marketing_consent: c.phone
      ? {
          state: lower(c.smsState),
          opt_in_level: lower(c.smsOptIn),
          consent_updated_at: isoFromT(c.smsAt),
          consent_collected_from: c.smsFrom ?? "OTHER",
        }
      : null,
    admin_graphql_api_id: customerGid(c.id),
    default_address: addresses[0] ?? null,
  };
  if (includeWhatsApp) {
    payload.whatsapp_marketing_consent = c.phone
      ? {
          state: lower(c.waState),
          opt_in_level: lower(c.waOptIn),
          consent_updated_at: isoFromT(c.waAt),
          consent_collected_from: c.waFrom ?? "OTHER",
        }
      : null;
  }
  return payload;
}

/** The customers/delete payload. */
export function deletedCustomerPayload(c: CustomerRecord) {
  return {
    id: c.id,
    phone: null,
    addresses: [],
    tax_exemptions: [],
    email_marketing_consent: null,
    sms_marketing_consent: null,
    admin_graphql_api_id: customerGid(c.id),
  };
}
