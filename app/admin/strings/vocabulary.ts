/**
 * Labels of the stored vocabularies (sources, methods, actions, channels,
 * Shopify states) shared by the admin pages, in one place for translation.
 * Segment and reason texts live with the consent core (app/consent/reasons.ts).
 */
import type { SourceKind } from "../../consent/types";

export const SOURCE_LABEL: Record<SourceKind, string> = {
  storefront_block: "Storefront block",
  storefront_embed: "Storefront pop-up",
  checkout: "Checkout",
  thank_you: "Thank-you page",
  shopify_sync: "Shopify sync",
  import: "Imported list",
  admin: "Added in the admin",
  whatsapp_reply: "WhatsApp reply",
};

export const METHOD_LABEL: Record<string, string> = {
  checkbox: "Checkbox",
  click_to_chat: "Click-to-chat code",
  import: "Import",
  shopify_sync: "Shopify consent state",
  admin: "Admin",
};

export const ACTION_LABEL: Record<string, string> = {
  opt_in: "Opted in",
  opt_out: "Opted out",
  confirm: "Confirmed",
};

export const CHANNEL_LABEL: Record<string, string> = { whatsapp: "WhatsApp", sms: "SMS", email: "Email" };

export const LEVEL_LABEL: Record<string, string> = {
  single: "Single opt-in",
  confirmed: "Confirmed (double opt-in)",
};

/** Dates as "26 Nov 2026, 14:05 UTC": the same on the server and in the browser (no hydration change). */
export function formatTime(iso: string | null, missing = "—"): string {
  if (!iso) return missing;
  return `${new Date(iso).toLocaleString("en-GB", {
    timeZone: "UTC",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  })} UTC`;
}

export function formatDay(iso: string | null, missing = "—"): string {
  if (!iso) return missing;
  return new Date(iso).toLocaleDateString("en-GB", {
    timeZone: "UTC",
    day: "numeric",
    month: "short",
    year: "numeric",
  });
}
