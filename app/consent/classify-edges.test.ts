/**
 * The verdict's edges, one behaviour per test: which event decides, when an
 * opt-in time is believable, when a source locates the opt-in, and which
 * reasons a contact without WhatsApp consent gets.
 */
import { describe, expect, it } from "vitest";
import { BRAND, fact, validPhone } from "../../test/fixtures/consent-facts";
import {
  type ContactEvidence,
  channelState,
  classifyContact,
  EARLIEST_PLAUSIBLE_OPT_IN,
  isExportable,
  isImplausibleOptInTime,
} from "./classify";
import { normalizePhone } from "./phone";

const NOW = new Date(Date.UTC(2026, 6, 1, 12));
const at = (day: number) => new Date(Date.UTC(2026, 0, day));
const classify = (evidence: Partial<ContactEvidence>, brand = BRAND) =>
  classifyContact({ phone: validPhone(), facts: [], ...evidence }, { brand, now: NOW });

describe("which WhatsApp event decides", () => {
  it("of two opt-ins at the same instant, the one with the larger id, whatever their order", () => {
    const a = fact({ id: "a", occurredAt: at(3) });
    const b = fact({ id: "b", occurredAt: at(3) });
    expect(classify({ facts: [a, b] }).whatsappOptIn?.id).toBe("b");
    expect(classify({ facts: [b, a] }).whatsappOptIn?.id).toBe("b");
  });

  it("an opt-in with a time beats one without, and the later of two beats the earlier", () => {
    const timeless = fact({ id: "z", occurredAt: null });
    const dated = fact({ id: "a", occurredAt: at(2) });
    expect(channelState([timeless, dated], "whatsapp").optIn?.id).toBe("a");
    expect(channelState([dated, timeless], "whatsapp").optIn?.id).toBe("a");
    const later = fact({ id: "0", occurredAt: at(5) });
    expect(channelState([later, dated], "whatsapp").optIn?.id).toBe("0");
  });

  it("an opt-out older than the opt-in does not block it", () => {
    const result = classify({
      facts: [fact({ action: "opt_out", occurredAt: at(1) }), fact({ occurredAt: at(2) })],
    });
    expect(result.segment).toBe("whatsapp_substantiated");
    expect(result.decidedAt).toEqual(at(2));
  });

  it("an opt-out dated before WhatsApp existed (the epoch, a 1900 default) or with an invalid date has no time that orders it: it blocks, and dates the decision as unknown", () => {
    for (const optOutAt of [
      new Date(0),
      new Date("1900-01-01T00:00:00Z"),
      new Date("2008-12-31T00:00:00Z"),
      new Date(Number.NaN),
    ]) {
      const result = classify({
        facts: [fact({ occurredAt: at(2) }), fact({ action: "opt_out", occurredAt: optOutAt })],
      });
      expect(result).toMatchObject({ segment: "opted_out", decidedAt: null });
    }
    const withDated = classify({
      facts: [
        fact({ occurredAt: at(2) }),
        fact({ action: "opt_out", occurredAt: at(4) }),
        fact({ action: "opt_out", occurredAt: new Date(0) }),
      ],
    });
    expect(withDated).toMatchObject({ segment: "opted_out", decidedAt: null });
  });

  it("an opt-out dated at the very start of WhatsApp (2009-01-01, midnight UTC) has a time: a later opt-in is not blocked by it", () => {
    const result = classify({
      facts: [
        fact({ action: "opt_out", occurredAt: new Date(EARLIEST_PLAUSIBLE_OPT_IN) }),
        fact({ occurredAt: at(2) }),
      ],
    });
    expect(result).toMatchObject({ segment: "whatsapp_substantiated", decidedAt: at(2) });
  });

  it("of several opt-outs that block, the latest dates the decision", () => {
    const result = classify({
      facts: [
        fact({ occurredAt: at(2) }),
        fact({ action: "opt_out", occurredAt: at(4) }),
        fact({ action: "opt_out", occurredAt: at(9) }),
        fact({ action: "opt_out", occurredAt: at(6) }),
      ],
    });
    expect(result).toMatchObject({
      segment: "opted_out",
      decidedAt: at(9),
      whatsappOptIn: null,
      optInLevel: null,
    });
  });

  it("an opt-out with no opt-in at all is an opt-out, dated when it happened", () => {
    const state = channelState([fact({ action: "opt_out", occurredAt: at(4) })], "whatsapp");
    expect(state).toEqual({ optIn: null, optedOut: true, optOutAt: at(4), confirmed: false });
  });

  it("an opt-out at the same instant blocks, and an opted-out contact is never confirmed", () => {
    const state = channelState(
      [fact({ occurredAt: at(2), level: "confirmed" }), fact({ action: "opt_out", occurredAt: at(2) })],
      "whatsapp",
    );
    expect(state).toEqual({ optIn: null, optedOut: true, optOutAt: at(2), confirmed: false });
  });

  it("an opt-out on another channel leaves WhatsApp alone", () => {
    const state = channelState(
      [fact({ occurredAt: at(2) }), fact({ channel: "sms", action: "opt_out", occurredAt: at(3) })],
      "whatsapp",
    );
    expect(state.optedOut).toBe(false);
    expect(state.optIn).not.toBeNull();
  });
});

describe("confirmation", () => {
  it("counts when the opt-in says it was confirmed, or a confirmation comes at or after it", () => {
    expect(channelState([fact({ level: "confirmed" })], "whatsapp").confirmed).toBe(true);
    const optIn = fact({ occurredAt: at(2) });
    expect(channelState([optIn, fact({ action: "confirm", occurredAt: at(2) })], "whatsapp").confirmed).toBe(
      true,
    );
    expect(classify({ facts: [optIn, fact({ action: "confirm", occurredAt: at(3) })] }).optInLevel).toBe(
      "confirmed",
    );
  });

  it("does not count before the opt-in, on another channel, or with a single opt-in level", () => {
    const optIn = fact({ occurredAt: at(2) });
    expect(channelState([optIn, fact({ action: "confirm", occurredAt: at(1) })], "whatsapp").confirmed).toBe(
      false,
    );
    expect(
      channelState([optIn, fact({ channel: "sms", action: "confirm", occurredAt: at(3) })], "whatsapp")
        .confirmed,
    ).toBe(false);
    expect(channelState([fact({ level: "single" })], "whatsapp").confirmed).toBe(false);
    expect(classify({ facts: [optIn] }).optInLevel).toBe("single");
  });

  it("is not read into an opt-in that has no time", () => {
    expect(classify({ facts: [fact({ occurredAt: null })] }).optInLevel).toBe("single");
  });

  it("is not read into a second opt-in at the same instant", () => {
    const facts = [fact({ id: "b", occurredAt: at(3) }), fact({ id: "a", occurredAt: at(3) })];
    expect(classify({ facts }).optInLevel).toBe("single");
    expect(channelState(facts, "whatsapp").confirmed).toBe(false);
  });

  it("needs an opt-in: a confirmation alone is no consent", () => {
    const state = channelState([fact({ action: "confirm", occurredAt: at(3) })], "whatsapp");
    expect(state).toEqual({ optIn: null, optedOut: false, optOutAt: null, confirmed: false });
    expect(classify({ facts: [fact({ action: "confirm" })] }).segment).toBe("unclear");
  });
});

describe("a believable opt-in time", () => {
  it("starts when WhatsApp did, 2009-01-01", () => {
    expect(EARLIEST_PLAUSIBLE_OPT_IN.toISOString()).toBe("2009-01-01T00:00:00.000Z");
    expect(isImplausibleOptInTime(new Date(EARLIEST_PLAUSIBLE_OPT_IN.getTime()), NOW)).toBe(false);
    expect(isImplausibleOptInTime(new Date(EARLIEST_PLAUSIBLE_OPT_IN.getTime() - 1), NOW)).toBe(true);
    expect(isImplausibleOptInTime(new Date(0), NOW)).toBe(true);
  });

  it("allows five minutes of clock drift into the future, not more", () => {
    const skew = 5 * 60 * 1000;
    expect(isImplausibleOptInTime(new Date(NOW.getTime() + skew), NOW)).toBe(false);
    expect(isImplausibleOptInTime(new Date(NOW.getTime() + skew + 1), NOW)).toBe(true);
    expect(isImplausibleOptInTime(NOW, NOW)).toBe(false);
  });

  it("is never an invalid date", () => {
    expect(isImplausibleOptInTime(new Date(Number.NaN), NOW)).toBe(true);
  });

  it("is judged against the clock the caller passes", () => {
    const tomorrow = new Date(NOW.getTime() + 86_400_000);
    expect(classify({ facts: [fact({ occurredAt: tomorrow })] }).reasons).toEqual(["IMPLAUSIBLE_TIMESTAMP"]);
    expect(
      classifyContact(
        { phone: validPhone(), facts: [fact({ occurredAt: tomorrow })] },
        { brand: BRAND, now: new Date(tomorrow.getTime() + 1) },
      ).reasons,
    ).toEqual([]);
  });

  it("without a clock, is judged against the present", () => {
    const future = new Date(Date.now() + 86_400_000);
    const result = classifyContact(
      { phone: validPhone(), facts: [fact({ occurredAt: future })] },
      { brand: BRAND },
    );
    expect(result.reasons).toEqual(["IMPLAUSIBLE_TIMESTAMP"]);
  });
});

describe("where the opt-in happened", () => {
  it.each(["storefront_block", "storefront_embed", "checkout", "thank_you", "whatsapp_reply"] as const)(
    "a capture point of our own (%s) locates it without any detail",
    (sourceKind) => {
      expect(classify({ facts: [fact({ sourceKind, sourceDetail: null })] }).reasons).toEqual([]);
    },
  );

  it.each(["import", "shopify_sync", "admin"] as const)(
    "an outside source (%s) needs a real detail",
    (sourceKind) => {
      expect(classify({ facts: [fact({ sourceKind, sourceDetail: "   " })] }).reasons).toEqual([
        "MISSING_SOURCE",
      ]);
      expect(classify({ facts: [fact({ sourceKind, sourceDetail: null })] }).reasons).toEqual([
        "MISSING_SOURCE",
      ]);
      expect(classify({ facts: [fact({ sourceKind, sourceDetail: " unknown " })] }).reasons).toEqual([
        "MISSING_SOURCE",
      ]);
      expect(
        classify({ facts: [fact({ sourceKind, sourceDetail: " https://acme.example/pages/join " })] })
          .reasons,
      ).toEqual([]);
    },
  );

  it("no source kind at all needs a real detail too", () => {
    expect(classify({ facts: [fact({ sourceKind: null, sourceDetail: "" })] }).reasons).toEqual([
      "MISSING_SOURCE",
    ]);
    expect(
      classify({ facts: [fact({ sourceKind: null, sourceDetail: "Spring pop-up form" })] }).reasons,
    ).toEqual([]);
  });
});

describe("the wording is judged for the brand asked about", () => {
  it("the same wording proves consent for the brand it names and not for another", () => {
    const facts = [fact()];
    expect(classify({ facts }, BRAND).segment).toBe("whatsapp_substantiated");
    expect(classify({ facts }, "Zephyr Tea").segment).toBe("whatsapp_unsubstantiated");
    expect(classify({ facts }, BRAND).segment).toBe("whatsapp_substantiated");
  });

  it("a missing wording is a missing wording, not an empty one that passes", () => {
    expect(classify({ facts: [fact({ consentText: null })] }).reasons).toContain("MISSING_CONSENT_TEXT");
  });
});

describe("a contact without WhatsApp consent", () => {
  it("with SMS and email consent is SMS-only, and both are named", () => {
    const result = classify({
      facts: [fact({ channel: "sms" }), fact({ channel: "email" })],
      genericMarketingOptIn: false,
      phoneCollectedForOrders: true,
    });
    expect(result).toEqual({
      segment: "sms_only",
      reasons: ["NO_WHATSAPP_OPT_IN", "SMS_ONLY", "EMAIL_ONLY"],
      whatsappOptIn: null,
      optInLevel: null,
      decidedAt: null,
    });
  });

  it("with email consent only is email-only, whatever the order phone says", () => {
    const result = classify({ facts: [fact({ channel: "email" })], phoneCollectedForOrders: true });
    expect(result.segment).toBe("email_only");
    expect(result.reasons).toEqual(["NO_WHATSAPP_OPT_IN", "EMAIL_ONLY"]);
  });

  it("with a generic marketing flag and SMS consent is SMS-only with an unclear channel, not transactional", () => {
    const result = classify({ facts: [fact({ channel: "sms" })], genericMarketingOptIn: true });
    expect(result.segment).toBe("sms_only");
    expect(result.reasons).toEqual(["NO_WHATSAPP_OPT_IN", "SMS_ONLY", "UNCLEAR_CHANNEL"]);
  });

  it("with a generic flag only is unclear, named once", () => {
    const result = classify({ genericMarketingOptIn: true, phoneCollectedForOrders: true });
    expect(result).toMatchObject({ segment: "unclear", reasons: ["NO_WHATSAPP_OPT_IN", "UNCLEAR_CHANNEL"] });
  });

  it("with nothing is transactional when the phone came with an order, unclear otherwise", () => {
    expect(classify({ phoneCollectedForOrders: true }).reasons).toEqual([
      "NO_WHATSAPP_OPT_IN",
      "TRANSACTIONAL_ONLY",
    ]);
    expect(classify({}).reasons).toEqual(["NO_WHATSAPP_OPT_IN", "UNCLEAR_CHANNEL"]);
  });

  it("also names a phone that cannot be used, in every segment", () => {
    const phone = normalizePhone("12");
    expect(phone.ok).toBe(false);
    const problem = phone.ok ? "" : phone.problem;
    expect(classify({ phone }).reasons).toEqual(["NO_WHATSAPP_OPT_IN", "UNCLEAR_CHANNEL", problem]);
    expect(classify({ phone, facts: [fact({ action: "opt_out" })] }).reasons).toEqual(["OPTED_OUT", problem]);
    expect(classify({ phone, facts: [fact()] })).toMatchObject({
      segment: "whatsapp_unsubstantiated",
      reasons: [problem],
    });
  });
});

describe("isExportable", () => {
  it("needs the substantiated segment and no reason at all", () => {
    expect(isExportable({ segment: "whatsapp_substantiated", reasons: [] })).toBe(true);
    expect(isExportable({ segment: "whatsapp_substantiated", reasons: ["MISSING_SOURCE"] })).toBe(false);
    expect(isExportable({ segment: "whatsapp_unsubstantiated", reasons: [] })).toBe(false);
    expect(isExportable({ segment: "opted_out", reasons: [] })).toBe(false);
  });
});
