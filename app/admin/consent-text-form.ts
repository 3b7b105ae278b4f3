/**
 * The consent texts page's forms, validated by the same schema in the
 * browser (before posting) and on the server (before saving). Client-safe:
 * no server imports.
 */
import { z } from "zod";

/** Long enough for any checkbox label; longer is almost surely a pasted page. */
export const MAX_CONSENT_TEXT_LENGTH = 1000;
export const MAX_BRAND_LENGTH = 100;

export const TEXT_PLACEMENTS = ["storefront", "checkout"] as const;

export const ConsentTextForm = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("text"),
    placement: z.enum(TEXT_PLACEMENTS, { error: "Choose where the text is shown: storefront or checkout." }),
    text: z
      .string()
      .trim()
      .min(1, "Enter the exact words shoppers see next to the checkbox.")
      .max(MAX_CONSENT_TEXT_LENGTH, `Keep the text under ${MAX_CONSENT_TEXT_LENGTH} characters.`),
  }),
  z.object({
    intent: z.literal("brand"),
    brandName: z
      .string()
      .trim()
      .min(1, "Enter your brand name as shoppers know it.")
      .max(MAX_BRAND_LENGTH, `Keep the brand name under ${MAX_BRAND_LENGTH} characters.`),
  }),
]);
export type ConsentTextFormInput = z.infer<typeof ConsentTextForm>;

/** Field name → first message, for inline errors. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "form");
    errors[field] ??= issue.message;
  }
  return errors;
}
