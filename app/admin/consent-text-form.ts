/**
 * The consent texts page's forms, validated by the same schema in the
 * browser (before posting) and on the server (before saving). Client-safe:
 * no server imports.
 */
import { z } from "zod";
import { MAX_CONSENT_TEXT_LENGTH } from "../consent/text-limits";
import { CONSENT_TEXTS_COPY } from "./strings/consent-texts";

const MESSAGES = CONSENT_TEXTS_COPY.validation;

export const MAX_BRAND_LENGTH = 100;

export const TEXT_PLACEMENTS = ["storefront", "checkout"] as const;

export const ConsentTextForm = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("text"),
    placement: z.enum(TEXT_PLACEMENTS, { error: MESSAGES.placement }),
    text: z
      .string()
      .trim()
      .min(1, MESSAGES.textMissing)
      .max(MAX_CONSENT_TEXT_LENGTH, MESSAGES.textTooLong(MAX_CONSENT_TEXT_LENGTH)),
  }),
  z.object({
    intent: z.literal("brand"),
    brandName: z
      .string()
      .trim()
      .min(1, MESSAGES.brandMissing)
      .max(MAX_BRAND_LENGTH, MESSAGES.brandTooLong(MAX_BRAND_LENGTH)),
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
