/**
 * Applies inbound WhatsApp messages: "CONFIRM <code>" from the number that
 * opted in records a `confirm` (double opt-in); a stop word records an
 * opt-out for that number. Message ids make redelivery harmless.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { recordCapturedConsent } from "../capture/record-consent.server";
import { normalizePhone } from "../consent/phone";
import type { Database } from "../db.server";
import { type InboundMessage, inboundIntent } from "./inbound-message";

export function validHmacSignature(
  secret: string | null | undefined,
  rawBody: string,
  header: string | null,
): boolean {
  if (!secret || !header) return false;
  const expected = `sha256=${createHmac("sha256", secret).update(rawBody, "utf8").digest("hex")}`;
  const given = Buffer.from(header.trim());
  return given.length === expected.length && timingSafeEqual(given, Buffer.from(expected));
}

export interface InboundResult {
  confirmed: number;
  optedOut: number;
  unknownCodes: number;
  ignored: number;
}

export async function applyInboundMessages(db: Database, shop: string, messages: readonly InboundMessage[]) {
  const result: InboundResult = { confirmed: 0, optedOut: 0, unknownCodes: 0, ignored: 0 };
  for (const message of messages) {
    const intent = inboundIntent(message.text);
    if (intent.kind === "confirm") {
      const code = await db.doubleOptInCode.findFirst({
        where: { shop, code: intent.code },
        include: { shopRef: false },
      });
      const contact = code ? await db.contact.findUnique({ where: { id: code.contactId } }) : null;
      // The code only confirms the number it was issued for, read as one line
      // (WhatsApp writes some countries' mobiles in another form than a shop does).
      const sender = normalizePhone(message.from);
      if (!code || code.usedAt || contact?.phoneE164 !== (sender.ok ? sender.e164 : message.from)) {
        result.unknownCodes += 1;
        continue;
      }
      const outcome = await recordCapturedConsent(db, {
        shop,
        clientEventId: `whatsapp:${message.messageId}`,
        action: "confirm",
        phone: message.from,
        sourceKind: "whatsapp_reply",
        sourceDetail: `code:${code.code}`,
        captureMethod: "click_to_chat",
        optInLevel: "confirmed",
        contactId: code.contactId,
        details: { messageId: message.messageId },
      });
      if (outcome.status !== "rejected") {
        await db.doubleOptInCode.update({ where: { code: code.code }, data: { usedAt: new Date() } });
        result.confirmed += 1;
      }
    } else if (intent.kind === "stop") {
      const outcome = await recordCapturedConsent(db, {
        shop,
        clientEventId: `whatsapp:${message.messageId}`,
        action: "opt_out",
        phone: message.from,
        sourceKind: "whatsapp_reply",
        sourceDetail: "inbound message",
        captureMethod: "click_to_chat",
        details: { messageId: message.messageId },
      });
      if (outcome.status !== "rejected") result.optedOut += 1;
    } else {
      result.ignored += 1;
    }
  }
  return result;
}
