/**
 * Inbound WhatsApp messages forwarded by the merchant's WhatsApp platform,
 * in Meta's Cloud API webhook shape or our documented generic shape, and
 * what each one means for consent. Pure.
 */
import { z } from "zod";

export interface InboundMessage {
  messageId: string;
  /** E.164 of the sender. */
  from: string;
  text: string;
}

const MetaWebhook = z.object({
  object: z.literal("whatsapp_business_account"),
  entry: z.array(
    z.object({
      changes: z.array(
        z.object({
          field: z.string(),
          value: z.object({
            messages: z
              .array(
                z.object({
                  from: z.string().regex(/^\d{6,15}$/),
                  id: z.string().min(1).max(200),
                  type: z.string(),
                  text: z.object({ body: z.string().max(4096) }).optional(),
                  button: z.object({ text: z.string().max(4096) }).optional(),
                }),
              )
              .optional(),
          }),
        }),
      ),
    }),
  ),
});

/** Our generic shape: one message per request. */
export const GenericInbound = z.object({
  messageId: z.string().min(1).max(200),
  from: z.string().regex(/^\+?\d{6,15}$/, "from must be the sender's number in E.164"),
  text: z.string().max(4096),
});

export type ParsedInbound = { ok: true; messages: InboundMessage[] } | { ok: false; error: string };

export function parseMetaWebhook(body: unknown): ParsedInbound {
  const parsed = MetaWebhook.safeParse(body);
  if (!parsed.success)
    return { ok: false, error: parsed.error.issues[0]?.message ?? "not a WhatsApp webhook" };
  const messages: InboundMessage[] = [];
  for (const entry of parsed.data.entry) {
    for (const change of entry.changes) {
      if (change.field !== "messages") continue;
      for (const message of change.value.messages ?? []) {
        const text = message.text?.body ?? message.button?.text;
        if (text !== undefined) messages.push({ messageId: message.id, from: `+${message.from}`, text });
      }
    }
  }
  return { ok: true, messages };
}

export function parseGenericInbound(body: unknown): ParsedInbound {
  const parsed = GenericInbound.safeParse(body);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? "invalid message" };
  const { messageId, from, text } = parsed.data;
  return { ok: true, messages: [{ messageId, from: from.startsWith("+") ? from : `+${from}`, text }] };
}

/** Words that mean "stop" in the six supported languages (and common English ones). */
const STOP_WORDS = new Set([
  "stop",
  "unsubscribe",
  "cancel",
  "end",
  "quit",
  "optout",
  "baja",
  "darmedebaja",
  "parar",
  "pare",
  "sair",
  "cancelar",
  "stopp",
  "abmelden",
  "arret",
  "desabonner",
  "desinscrire",
  "annulla",
  "disiscrivimi",
  "basta",
]);

export type InboundIntent = { kind: "confirm"; code: string } | { kind: "stop" } | { kind: "other" };

export function inboundIntent(text: string): InboundIntent {
  const confirm = /\bCONFIRM\s+([0-9A-F]{8})\b/i.exec(text);
  if (confirm?.[1]) return { kind: "confirm", code: confirm[1].toUpperCase() };
  const word = text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z]/g, "");
  return STOP_WORDS.has(word) ? { kind: "stop" } : { kind: "other" };
}
