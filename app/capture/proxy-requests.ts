/**
 * What the storefront extension sends through the App Proxy (see
 * extensions/whatsapp-optin/assets/whatsapp-optin.js). One schema per form.
 */
import { z } from "zod";
import { readBodyText } from "../http/body-limits";
import { parseJsonText } from "../http/json-text";

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
  source: z.enum(["storefront_block", "storefront_embed"]),
});

export const ProxyOptOut = z.object({
  ...common,
  confirm: z.literal(true, "Tick the box to confirm you want to stop WhatsApp messages."),
  source: z.enum(["storefront_block", "storefront_embed"]).default("storefront_block"),
});

/**
 * Parses a JSON body with a schema; a bad body becomes a 400 with the first
 * problem, a body over the route's byte limit a 413 (see app/http/body-limits).
 */
export async function parseJsonBody<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
  const text = await readBodyText(request);
  const json = parseJsonText(text);
  if (!json.ok) throw Response.json({ error: json.error }, { status: 400 });
  const parsed = schema.safeParse(json.value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join(".");
    throw Response.json(
      { error: issue?.message ?? "Invalid request.", field: field || undefined },
      { status: 400 },
    );
  }
  return parsed.data;
}
