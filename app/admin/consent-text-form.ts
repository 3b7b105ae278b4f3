/**
 * The consent texts page's forms, validated by the same schema in the
 * browser (before posting) and on the server (before saving). Client-safe:
 * no server imports.
 */
import { z } from "zod";
import type { ConsentLanguage } from "../consent/consent-text";
import { MAX_CONSENT_TEXT_LENGTH } from "../consent/text-limits";
import { CONSENT_TEXTS_COPY } from "./strings/consent-texts";

const MESSAGES = CONSENT_TEXTS_COPY.validation;

export const MAX_BRAND_LENGTH = 100;

export const TEXT_PLACEMENTS = ["storefront", "checkout"] as const;

/** The languages the consent check reads: wording can be saved for shoppers in each. */
export const TEXT_LANGUAGES = [
  "en",
  "es",
  "pt",
  "de",
  "fr",
  "it",
] as const satisfies readonly ConsentLanguage[];

export const ConsentTextForm = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("text"),
    placement: z.enum(TEXT_PLACEMENTS, { error: MESSAGES.placement }),
    // Absent or empty: the main wording, shown in every language without its own.
    locale: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z.enum(TEXT_LANGUAGES, { error: MESSAGES.language }).optional(),
    ),
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
