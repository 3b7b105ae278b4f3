/**
 * Webhook payloads with exactly the keys of shopify.dev's samples (webhook
 * reference, 2026-07), filled with this test's own values. Ids are 64-bit
 * JSON numbers, as Shopify writes them: `big` makes JSON.stringify write the
 * digits themselves (a JS number would round them).
 */
export const big = (digits: string): unknown =>
  (JSON as unknown as { rawJSON(text: string): unknown }).rawJSON(digits);

export interface Person {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string | null;
  country: string;
}

function address(person: Person) {
  return {
    id: big("8110052214483262301"),
    customer_id: big(person.id),
    first_name: person.firstName,
    last_name: person.lastName,
    company: null,
    address1: "12 Rua das Flores",
    address2: null,
    city: "Lisboa",
    province: null,
    country: person.country,
    zip: "1200-195",
    phone: person.phone,
    name: `${person.firstName} ${person.lastName}`,
    province_code: null,
    country_code: person.country,
    country_name: person.country,
    default: true,
  };
}

/** customers/create and customers/update (the same keys; no consent since 2025-01). */
export const customerPayload = (person: Person, updatedAt: string) => ({
  id: big(person.id),
  created_at: "2026-03-01T09:00:00-05:00",
  updated_at: updatedAt,
  first_name: person.firstName,
  last_name: person.lastName,
  state: "disabled",
  note: null,
  verified_email: true,
  multipass_identifier: null,
  tax_exempt: false,
  email: person.email,
  phone: person.phone,
  currency: "EUR",
  addresses: [],
  tax_exemptions: [],
  admin_graphql_api_id: `gid://shopify/Customer/${person.id}`,
  default_address: address(person),
});

export const customerDeletePayload = (id: string) => ({
  id: big(id),
  tax_exemptions: [],
  admin_graphql_api_id: `gid://shopify/Customer/${id}`,
});

export const emailConsentPayload = (
  id: string,
  email: string,
  state: string | null,
  at: string | null,
  level: string | null = "single_opt_in",
) => ({
  customer_id: big(id),
  email_address: email,
  email_marketing_consent: { state, opt_in_level: level, consent_updated_at: at },
});

export const smsConsentPayload = (
  id: string,
  phone: string | null,
  state: string | null,
  at: string | null,
) => ({
  id: big(id),
  phone,
  sms_marketing_consent: {
    state,
    opt_in_level: state ? "single_opt_in" : null,
    consent_updated_at: at,
    consent_collected_from: "other",
  },
});

export const whatsAppConsentPayload = (
  id: string,
  phone: string | null,
  state: string | null,
  at: string | null,
  level: string | null = "confirmed_opt_in",
) => ({
  customer_id: big(id),
  phone_number: phone,
  whats_app_marketing_consent: { state, opt_in_level: level, updated_at: at, collected_from: "other" },
});

export const bulkFinishPayload = (operationGid: string) => ({
  admin_graphql_api_id: operationGid,
  completed_at: "2026-07-01T07:34:56-05:00",
  created_at: "2026-07-01T07:30:00-05:00",
  error_code: null,
  status: "completed",
  type: "query",
});

export const uninstalledPayload = (shop: string) => ({
  id: big("548380009"),
  name: "Lisboa Coffee",
  email: "owner@example.com",
  domain: null,
  country: "PT",
  myshopify_domain: shop,
  plan_name: "basic",
});

export const dataRequestPayload = (shop: string, person: Person) => ({
  shop_id: big("548380009"),
  shop_domain: shop,
  customer: { id: big(person.id), email: person.email, phone: person.phone },
  orders_requested: [big("820982911946154508")],
  data_request: { id: big("9999") },
});

export const customerRedactPayload = (shop: string, person: Person) => ({
  shop_id: big("548380009"),
  shop_domain: shop,
  customer: { id: big(person.id), email: person.email, phone: person.phone },
  orders_to_redact: [big("820982911946154508")],
});

export const shopRedactPayload = (shop: string) => ({ shop_id: big("548380009"), shop_domain: shop });
