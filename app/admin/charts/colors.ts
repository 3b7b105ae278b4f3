/** Chart colours: distinct hues, each with at least 3:1 contrast against white. */
import type { Segment, SourceKind } from "../../consent/types";

export const SEGMENT_COLOR: Record<Segment, string> = {
  whatsapp_substantiated: "#1a7f4b",
  whatsapp_unsubstantiated: "#b26b00",
  sms_only: "#2463c5",
  email_only: "#7b47c9",
  unclear: "#6d7175",
  opted_out: "#c0362c",
};

export const SOURCE_COLOR: Record<SourceKind, string> = {
  storefront_block: "#1a7f4b",
  storefront_embed: "#0f6e6e",
  checkout: "#2463c5",
  thank_you: "#7b47c9",
  shopify_sync: "#6d7175",
  import: "#b26b00",
  admin: "#a23a7a",
  whatsapp_reply: "#c0362c",
  // Never charted (test opt-ins are left out of the opt-in counts); grey if it ever is.
  test_opt_in: "#5c5f62",
};
