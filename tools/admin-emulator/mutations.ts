/**
 * Marketing consent mutations (WhatsApp, SMS, email). Input shapes follow the
 * 2026-10 reference; the userErrors' wording is the emulator's own.
 */
import { parseGid } from "./ids";
import type { RequestContext } from "./resolvers";
import type { ConsentState, CustomerRecord, EmailState, OptInLevel } from "./store";

interface UserError {
  field: string[];
  message: string;
  code: "INCLUSION" | "INTERNAL_ERROR" | "INVALID" | "MISSING_ARGUMENT";
}

interface ConsentRequest {
  customerId: unknown;
  state: string;
  optInLevel: OptInLevel | null | undefined;
  updatedAt: string | null | undefined;
  /** Input path of the consent object, e.g. ["input", "whatsAppMarketingConsent"]. */
  path: string[];
  stateField: string;
  updatedAtField: string;
  /** States Shopify sets itself and refuses as input. */
  readOnly: readonly string[];
  needs: "phone" | "email";
}

function check(
  ctx: RequestContext,
  r: ConsentRequest,
): { customer: CustomerRecord; errors: [] } | { customer: null; errors: UserError[] } {
  let id: number | null = null;
  try {
    id = parseGid(r.customerId, "Customer");
  } catch {}
  const customer = id === null ? undefined : ctx.store.getCustomer(ctx.shop.domain, id);
  if (!customer) {
    return {
      customer: null,
      errors: [{ field: ["input", "customerId"], message: "Customer does not exist", code: "INVALID" }],
    };
  }
  const errors: UserError[] = [];
  if (r.needs === "phone" && !customer.phone) {
    errors.push({
      field: ["input", "customerId"],
      message: "A phone number is required to update the customer's marketing consent",
      code: "INVALID",
    });
  }
  if (r.needs === "email" && !customer.email) {
    errors.push({
      field: ["input", "customerId"],
      message: "An email address is required to update the customer's marketing consent",
      code: "INVALID",
    });
  }
  if (r.readOnly.includes(r.state)) {
    errors.push({
      field: [...r.path, r.stateField],
      message: `${r.stateField} ${r.state} can't be set; use SUBSCRIBED, UNSUBSCRIBED or PENDING`,
      code: "INCLUSION",
    });
  }
  if (r.updatedAt && Date.parse(r.updatedAt) > Date.now() + 60_000) {
    errors.push({ field: [...r.path, r.updatedAtField], message: "can't be in the future", code: "INVALID" });
  }
  return errors.length ? { customer: null, errors } : { customer, errors: [] };
}

type Input = Record<string, Record<string, unknown> | unknown>;

const defaultOptIn = (state: string, given: OptInLevel | null | undefined): OptInLevel | null =>
  given ?? (state === "SUBSCRIBED" || state === "PENDING" ? "SINGLE_OPT_IN" : null);

export const consentMutations = {
  customerWhatsAppMarketingConsentUpdate: (_root: unknown, args: { input?: Input }, ctx: RequestContext) => {
    const input = (args.input ?? {}) as Input;
    const consent = (input.whatsAppMarketingConsent ?? {}) as Record<string, unknown>;
    const state = String(consent.state);
    const checked = check(ctx, {
      customerId: input.customerId,
      state,
      optInLevel: consent.optInLevel as OptInLevel | null,
      updatedAt: consent.updatedAt as string | null,
      path: ["input", "whatsAppMarketingConsent"],
      stateField: "state",
      updatedAtField: "updatedAt",
      readOnly: ["NEVER_SUBSCRIBED", "REDACTED"],
      needs: "phone",
    });
    if (!checked.customer) return { customerPhoneNumber: null, userErrors: checked.errors };
    const customer = ctx.store.updateCustomer(ctx.shop.domain, checked.customer.id, {
      whatsAppConsent: {
        state: state as ConsentState,
        optInLevel: defaultOptIn(state, consent.optInLevel as OptInLevel | null),
        updatedAt: (consent.updatedAt as string | null) ?? null,
        collectedFrom: "OTHER",
      },
    });
    return { customerPhoneNumber: customer, userErrors: [] };
  },

  customerSmsMarketingConsentUpdate: (_root: unknown, args: { input?: Input }, ctx: RequestContext) => {
    const input = (args.input ?? {}) as Input;
    const consent = (input.smsMarketingConsent ?? {}) as Record<string, unknown>;
    const state = String(consent.marketingState);
    const checked = check(ctx, {
      customerId: input.customerId,
      state,
      optInLevel: consent.marketingOptInLevel as OptInLevel | null,
      updatedAt: consent.consentUpdatedAt as string | null,
      path: ["input", "smsMarketingConsent"],
      stateField: "marketingState",
      updatedAtField: "consentUpdatedAt",
      readOnly: ["NOT_SUBSCRIBED", "REDACTED"],
      needs: "phone",
    });
    if (!checked.customer) return { customer: null, userErrors: checked.errors };
    const customer = ctx.store.updateCustomer(ctx.shop.domain, checked.customer.id, {
      smsConsent: {
        state: state as ConsentState,
        optInLevel: defaultOptIn(state, consent.marketingOptInLevel as OptInLevel | null),
        updatedAt: (consent.consentUpdatedAt as string | null) ?? null,
        collectedFrom: "OTHER",
      },
    });
    return { customer, userErrors: [] };
  },

  customerEmailMarketingConsentUpdate: (_root: unknown, args: { input?: Input }, ctx: RequestContext) => {
    const input = (args.input ?? {}) as Input;
    const consent = (input.emailMarketingConsent ?? {}) as Record<string, unknown>;
    const state = String(consent.marketingState);
    const checked = check(ctx, {
      customerId: input.customerId,
      state,
      optInLevel: consent.marketingOptInLevel as OptInLevel | null,
      updatedAt: consent.consentUpdatedAt as string | null,
      path: ["input", "emailMarketingConsent"],
      stateField: "marketingState",
      updatedAtField: "consentUpdatedAt",
      readOnly: ["NOT_SUBSCRIBED", "REDACTED", "INVALID"],
      needs: "email",
    });
    if (!checked.customer) return { customer: null, userErrors: checked.errors };
    const customer = ctx.store.updateCustomer(ctx.shop.domain, checked.customer.id, {
      emailConsent: {
        state: state as EmailState,
        optInLevel: defaultOptIn(state, consent.marketingOptInLevel as OptInLevel | null),
        updatedAt: (consent.consentUpdatedAt as string | null) ?? null,
      },
    });
    return { customer, userErrors: [] };
  },
};
