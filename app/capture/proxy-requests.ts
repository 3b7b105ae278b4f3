/**
 * What the storefront extension sends through the App Proxy (see
 * extensions/whatsapp-optin/assets/whatsapp-optin.js). One schema per form.
 */
import { z } from "zod";

const common = {
  eventId: z.uuid("eventId must be a UUID made by the page"),
  phone: z.string().trim().min(3, "Enter your phone number.").max(40, "That phone number is too long."),
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/, "country must be a two-letter code")
    .transform((code) => code.toUpperCase())
    .optional(),
  blockId: z.string().max(200).default(""),
  pageUrl: z.url("pageUrl must be the page's URL").max(2000),
  locale: z.string().max(35).optional(),
};

export const ProxyOptIn = z.object({
  ...common,
  consent: z.literal(true, "The box was not ticked: nothing was recorded."),
  consentText: z.string().trim().min(1, "consentText is required").max(2000),
  source: z.enum(
    ["storefront_block", "storefront_embed"],
    "source must be storefront_block or storefront_embed",
  ),
});

/**
 * The capture page's "send a test opt-in" (DR 014): the same request with its
 * own source, accepted only from the admin action, never from a shopper, so
 * the page's "last test sent" cannot be set from the storefront.
 */
export const TestOptIn = ProxyOptIn.extend({ source: z.literal("test_opt_in") });

export const ProxyOptOut = z.object({
  ...common,
  confirm: z.literal(true, "Tick the box to confirm you want to stop WhatsApp messages."),
  source: z.enum(["storefront_block", "storefront_embed"]).default("storefront_block"),
});
