/**
 * Reading the two inbound shapes: what becomes a message (and with which
 * sender), what is left out, and that a refusal says what was wrong.
 */
import { describe, expect, it } from "vitest";
import { parseGenericInbound, parseMetaWebhook } from "./inbound-message";

const meta = (changes: unknown[]) => ({ object: "whatsapp_business_account", entry: [{ changes }] });

describe("parseMetaWebhook", () => {
  it("reads text and button replies from every messages change, with the sender in E.164", () => {
    const body = meta([
      {
        field: "messages",
        value: {
          messages: [
            { from: "34612345678", id: "wamid.1", type: "text", text: { body: "STOP" } },
            { from: "34612345679", id: "wamid.2", type: "button", button: { text: "CONFIRM 1A2B3C4D" } },
          ],
        },
      },
    ]);
    expect(parseMetaWebhook(body)).toEqual({
      ok: true,
      messages: [
        { messageId: "wamid.1", from: "+34612345678", text: "STOP" },
        { messageId: "wamid.2", from: "+34612345679", text: "CONFIRM 1A2B3C4D" },
      ],
    });
  });

  it("prefers the text body over a button text when a message has both", () => {
    const body = meta([
      {
        field: "messages",
        value: {
          messages: [
            { from: "34612345678", id: "m", type: "text", text: { body: "a" }, button: { text: "b" } },
          ],
        },
      },
    ]);
    expect(parseMetaWebhook(body)).toMatchObject({ ok: true, messages: [{ text: "a" }] });
  });

  it("leaves out other fields, changes without messages, and messages without text (images, status)", () => {
    const body = meta([
      {
        field: "statuses",
        value: { messages: [{ from: "34612345678", id: "s", type: "text", text: { body: "x" } }] },
      },
      { field: "messages", value: {} },
      { field: "messages", value: { messages: [{ from: "34612345678", id: "i", type: "image" }] } },
    ]);
    expect(parseMetaWebhook(body)).toEqual({ ok: true, messages: [] });
  });

  it("refuses what is not a WhatsApp Business webhook, saying what was wrong", () => {
    const result = parseMetaWebhook({ object: "page", entry: [] });
    expect(result.ok).toBe(false);
    // The first thing zod found wrong, not a blanket "not a WhatsApp webhook".
    expect(result.ok ? "" : result.error).toContain('"whatsapp_business_account"');
    const badSender = parseMetaWebhook(
      meta([{ field: "messages", value: { messages: [{ from: "+34 612", id: "m", type: "text" }] } }]),
    );
    expect(badSender.ok).toBe(false);
  });
});

describe("parseGenericInbound", () => {
  it("takes one message and adds the + a sender without one lacks", () => {
    expect(parseGenericInbound({ messageId: "g1", from: "34612345678", text: "STOP" })).toEqual({
      ok: true,
      messages: [{ messageId: "g1", from: "+34612345678", text: "STOP" }],
    });
    expect(parseGenericInbound({ messageId: "g2", from: "+34612345678", text: "hi" })).toEqual({
      ok: true,
      messages: [{ messageId: "g2", from: "+34612345678", text: "hi" }],
    });
  });

  it("refuses a sender that is not a number with the words a platform can act on", () => {
    expect(parseGenericInbound({ messageId: "g1", from: "someone", text: "STOP" })).toEqual({
      ok: false,
      error: "from must be the sender's number in E.164",
    });
    expect(parseGenericInbound({ messageId: "", from: "34612345678", text: "STOP" }).ok).toBe(false);
  });
});
