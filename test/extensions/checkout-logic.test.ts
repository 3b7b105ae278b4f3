import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  applySettled,
  applyToggle,
  confirmation,
  INITIAL_STATE,
  isSavedDecision,
  restoreState,
} from "../../extensions/whatsapp-checkout/src/logic/consent-state";
import { appWording, normalizeText } from "../../extensions/whatsapp-checkout/src/logic/consent-text";
import {
  ConsentController,
  type DecisionContext,
  type Transport,
} from "../../extensions/whatsapp-checkout/src/logic/controller";
import { newEventId } from "../../extensions/whatsapp-checkout/src/logic/ids";
import {
  CONSENT_METAFIELD,
  consentMetafieldChange,
} from "../../extensions/whatsapp-checkout/src/logic/metafield";
import {
  buildPayload,
  buildRequest,
  type OptInPayload,
  optInEndpoint,
  type RequestSpec,
} from "../../extensions/whatsapp-checkout/src/logic/payload";
import {
  cleanPhone,
  isPlausiblePhone,
  pickCountry,
  pickKnownPhone,
} from "../../extensions/whatsapp-checkout/src/logic/phone";
import {
  classifyStatus,
  DEFAULT_RETRY,
  type RetryPolicy,
  retryDelays,
  runWithRetry,
} from "../../extensions/whatsapp-checkout/src/logic/retry";
import { decideView } from "../../extensions/whatsapp-checkout/src/logic/visibility";

const EXTENSION = path.resolve(import.meta.dirname, "../../extensions/whatsapp-checkout");
const ENDPOINT = "https://consent.example.test/checkout/optin";
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/u;

// ---------------------------------------------------------------------------
// A recording app: answers each request with the next scripted status
// (a thrown error stands for a network failure) and keeps what it received.

type Answer = number | "network-error";

interface Received {
  url: string;
  request: RequestSpec;
  body: OptInPayload;
}

function fakeApp(script: Answer[], fallback: Answer = 201) {
  const received: Received[] = [];
  const transport: Transport = async (url, request) => {
    received.push({ url, request, body: JSON.parse(request.body) as OptInPayload });
    const answer = script.shift() ?? fallback;
    if (answer === "network-error") throw new TypeError("Failed to fetch");
    return { status: answer };
  };
  return { received, transport };
}

function harness(script: Answer[] = [], options: { fallback?: Answer; policy?: RetryPolicy } = {}) {
  const app = fakeApp(script, options.fallback);
  const waits: number[] = [];
  const recorded: Array<{ eventId: string; consent: boolean; phone: string }> = [];
  let ids = 0;
  let tokens = 0;
  const controller = new ConsentController({
    endpoint: ENDPOINT,
    transport: app.transport,
    getToken: async () => {
      tokens += 1;
      return `token-${tokens}`;
    },
    newId: () => {
      ids += 1;
      return `event-${ids}`;
    },
    policy: options.policy,
    sleep: async (ms) => {
      waits.push(ms);
    },
    onRecorded: (decision) => {
      recorded.push(decision);
    },
  });
  return { controller, received: app.received, waits, recorded, tokenCount: () => tokens };
}

const CONTEXT: DecisionContext = {
  phone: "+34 612 345 678",
  country: "es",
  consentText: "Send me marketing messages from Acme Coffee on WhatsApp. Reply STOP to unsubscribe.",
  target: "checkout",
  checkoutToken: "checkout-token-1",
};

// ---------------------------------------------------------------------------

describe("when the checkbox and the phone field are shown", () => {
  it("shows nothing when the extension cannot record (no app URL or no network access)", () => {
    const view = decideView({
      canRecord: false,
      knownPhone: "+44 7700 900123",
      enteredPhone: "",
      hasDecision: false,
    });
    expect(view).toEqual({
      showPhoneField: false,
      showCheckbox: false,
      phone: undefined,
      phoneInvalid: false,
    });
  });

  it("shows only the checkbox when checkout knows the buyer's phone", () => {
    const view = decideView({
      canRecord: true,
      knownPhone: " +44 7700 900123 ",
      enteredPhone: "",
      hasDecision: false,
    });
    expect(view).toEqual({
      showPhoneField: false,
      showCheckbox: true,
      phone: "+44 7700 900123",
      phoneInvalid: false,
    });
  });

  it("asks for an optional phone first when there is none (wallet checkouts), without a checkbox yet", () => {
    const view = decideView({ canRecord: true, knownPhone: undefined, enteredPhone: "", hasDecision: false });
    expect(view).toEqual({
      showPhoneField: true,
      showCheckbox: false,
      phone: undefined,
      phoneInvalid: false,
    });
  });

  it("treats an implausible known phone as no phone", () => {
    const view = decideView({ canRecord: true, knownPhone: "12", enteredPhone: "", hasDecision: false });
    expect(view.showPhoneField).toBe(true);
    expect(view.showCheckbox).toBe(false);
  });

  it("offers the checkbox once the typed phone looks like a phone, and attaches it to that phone", () => {
    const typing = decideView({
      canRecord: true,
      knownPhone: undefined,
      enteredPhone: "+49 15",
      hasDecision: false,
    });
    expect(typing).toMatchObject({ showPhoneField: true, showCheckbox: false, phoneInvalid: true });
    const done = decideView({
      canRecord: true,
      knownPhone: undefined,
      enteredPhone: "+49 1512 3456789",
      hasDecision: false,
    });
    expect(done).toEqual({
      showPhoneField: true,
      showCheckbox: true,
      phone: "+49 1512 3456789",
      phoneInvalid: false,
    });
  });

  it("keeps the checkbox after a decision so it can be undone, even if the typed phone is then broken", () => {
    const view = decideView({
      canRecord: true,
      knownPhone: undefined,
      enteredPhone: "+49 1x",
      hasDecision: true,
    });
    expect(view).toMatchObject({
      showPhoneField: true,
      showCheckbox: true,
      phone: undefined,
      phoneInvalid: true,
    });
  });

  it("keeps the field in use when the buyer typed a number before checkout learned one", () => {
    const view = decideView({
      canRecord: true,
      knownPhone: "+44 7700 900123",
      enteredPhone: "+44 7700 900999",
      hasDecision: false,
    });
    expect(view).toMatchObject({ showPhoneField: true, showCheckbox: true, phone: "+44 7700 900999" });
  });
});

describe("phone helpers", () => {
  it("accepts usual phone notations with 6 to 15 digits and nothing else", () => {
    for (const phone of ["+1 (415) 555-0100", "0612345678", "+55 11 91234-5678", "+44.7700.900123"]) {
      expect(isPlausiblePhone(phone), phone).toBe(true);
    }
    for (const phone of [
      "",
      "   ",
      "12345",
      "+1234567890123456",
      "call me",
      "+44 7700 9001x3",
      "++447700900123",
    ]) {
      expect(isPlausiblePhone(phone), phone).toBe(false);
    }
    expect(isPlausiblePhone(undefined)).toBe(false);
  });

  it("picks the first plausible phone and the first ISO country code", () => {
    expect(pickKnownPhone([undefined, "", "123", " +33 6 12 34 56 78 ", "+44 7700 900123"])).toBe(
      "+33 6 12 34 56 78",
    );
    expect(pickKnownPhone([undefined, null])).toBeUndefined();
    expect(pickCountry([undefined, "ESP", "br", "DE"])).toBe("BR");
    expect(pickCountry(["", null])).toBeUndefined();
    expect(cleanPhone("  +1  415\t555 0100 ")).toBe("+1 415 555 0100");
  });
});

describe("what a tick or an un-tick sends", () => {
  it("starts unticked", () => {
    expect(INITIAL_STATE.checked).toBe(false);
    expect(confirmation(INITIAL_STATE)).toBeUndefined();
  });

  it("tick: one POST to the app with the session token and consent: true", async () => {
    const { controller, received, recorded } = harness([201]);
    const payload = controller.toggle(true, CONTEXT);
    await controller.idle();

    expect(received).toHaveLength(1);
    const [first] = received;
    expect(first?.url).toBe(ENDPOINT);
    expect(first?.request.method).toBe("POST");
    expect(first?.request.headers.Authorization).toBe("Bearer token-1");
    expect(first?.request.headers["Content-Type"]).toBe("application/json");
    expect(first?.body).toEqual({
      eventId: "event-1",
      consent: true,
      phone: "+34 612 345 678",
      country: "ES",
      consentText: CONTEXT.consentText,
      target: "checkout",
      checkoutToken: "checkout-token-1",
    });
    expect(payload).toEqual(first?.body);
    expect(controller.state.checked).toBe(true);
    expect(controller.state.latest?.status).toBe("recorded");
    expect(confirmation(controller.state)).toBe("opted_in");
    expect(recorded).toEqual([{ eventId: "event-1", consent: true, phone: "+34 612 345 678" }]);
  });

  it("un-tick after a recorded opt-in: an opt-out with a new event id for the same phone", async () => {
    const { controller, received } = harness([201, 201]);
    controller.toggle(true, CONTEXT);
    await controller.idle();
    controller.toggle(false, { ...CONTEXT, phone: "+34 699 999 999" });
    await controller.idle();

    expect(received.map((r) => [r.body.eventId, r.body.consent, r.body.phone])).toEqual([
      ["event-1", true, "+34 612 345 678"],
      ["event-2", false, "+34 612 345 678"],
    ]);
    expect(controller.state.checked).toBe(false);
    expect(confirmation(controller.state)).toBe("opted_out");
  });

  it("un-tick before anything was recorded sends nothing", async () => {
    // The app refused the opt-in (e.g. 422: phone unusable), so no consent exists to withdraw.
    const { controller, received } = harness([422]);
    controller.toggle(true, CONTEXT);
    await controller.idle();
    expect(controller.state.latest?.status).toBe("rejected");
    expect(confirmation(controller.state)).toBeUndefined();

    expect(controller.toggle(false, CONTEXT)).toBeUndefined();
    await controller.idle();
    expect(received).toHaveLength(1);
    expect(controller.state.checked).toBe(false);
  });

  it("un-tick on a box that was never ticked, or a tick without a phone, sends nothing", () => {
    const newId = () => "never";
    expect(applyToggle(INITIAL_STATE, false, "+34 612 345 678", newId)).toEqual({ state: INITIAL_STATE });
    const noPhone = applyToggle(INITIAL_STATE, true, undefined, newId);
    expect(noPhone.send).toBeUndefined();
    expect(noPhone.state.checked).toBe(false);
  });

  it("un-tick while the opt-in is still being retried withdraws it afterwards, in order", async () => {
    const { controller, received } = harness(["network-error", "network-error", 201, 201]);
    controller.toggle(true, CONTEXT);
    controller.toggle(false, CONTEXT);
    await controller.idle();
    expect(received.map((r) => [r.body.eventId, r.body.consent])).toEqual([
      ["event-1", true],
      ["event-1", true],
      ["event-1", true],
      ["event-2", false],
    ]);
  });

  it("each new tick is a new decision with a new event id", async () => {
    const { controller, received } = harness();
    controller.toggle(true, CONTEXT);
    controller.toggle(false, CONTEXT);
    controller.toggle(true, CONTEXT);
    await controller.idle();
    expect(received.map((r) => [r.body.eventId, r.body.consent])).toEqual([
      ["event-1", true],
      ["event-2", false],
      ["event-3", true],
    ]);
  });

  it("a decision restored from storage (other target, reload) is shown ticked and can be withdrawn", async () => {
    const { controller, received } = harness();
    controller.restore({ eventId: "from-checkout", consent: true, phone: "+34 612 345 678" });
    expect(controller.state.checked).toBe(true);
    expect(confirmation(controller.state)).toBe("opted_in");
    controller.toggle(false, { ...CONTEXT, target: "thank_you", orderId: "gid://shopify/Order/1" });
    await controller.idle();
    expect(received).toHaveLength(1);
    expect(received[0]?.body).toMatchObject({
      consent: false,
      target: "thank_you",
      orderId: "gid://shopify/Order/1",
    });
    // Restoring after the buyer decided here changes nothing.
    controller.restore({ eventId: "late", consent: true, phone: "+1 415 555 0100" });
    expect(controller.state.checked).toBe(false);
  });

  it("only well-formed saved decisions are restored", () => {
    expect(isSavedDecision({ eventId: "e", consent: true, phone: "+1 415 555 0100" })).toBe(true);
    for (const bad of [
      null,
      "x",
      {},
      { eventId: "", consent: true, phone: "+1" },
      { eventId: "e", consent: "yes" },
    ]) {
      expect(isSavedDecision(bad)).toBe(false);
    }
    expect(restoreState({ eventId: "e", consent: false, phone: "+1 415 555 0100" })).toEqual({
      checked: false,
      outstandingOptIn: undefined,
      latest: { eventId: "e", consent: false, phone: "+1 415 555 0100", status: "recorded" },
    });
  });

  it("settling an older decision does not overwrite the latest one", () => {
    const first = applyToggle(INITIAL_STATE, true, "+34 612 345 678", () => "a");
    const second = applyToggle(first.state, false, "+34 612 345 678", () => "b");
    const settled = applySettled(second.state, "a", "recorded");
    expect(settled.latest).toMatchObject({ eventId: "b", status: "sending" });
  });
});

describe("retries", () => {
  it("the default schedule is exponential: 5 tries, 1 s, 2 s, 4 s, 8 s apart", () => {
    expect(DEFAULT_RETRY.maxAttempts).toBe(5);
    expect(retryDelays(DEFAULT_RETRY)).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelays({ maxAttempts: 6, baseDelayMs: 500, factor: 3, maxDelayMs: 5000 })).toEqual([
      500, 1500, 4500, 5000, 5000,
    ]);
    expect(retryDelays({ ...DEFAULT_RETRY, maxAttempts: 1 })).toEqual([]);
  });

  it("classifies answers: 2xx of the contract succeed, client errors are final, the rest is retried", () => {
    expect([200, 201].map(classifyStatus)).toEqual(["success", "success"]);
    expect([400, 403, 404, 409, 422].map(classifyStatus)).toEqual(Array(5).fill("permanent"));
    expect([401, 408, 425, 429, 500, 502, 503, 204, 302].map(classifyStatus)).toEqual(Array(9).fill("retry"));
  });

  it("keeps the same event id on every try and stops at the first success", async () => {
    const { controller, received, waits, recorded } = harness(["network-error", 503, 201]);
    controller.toggle(true, CONTEXT);
    await controller.idle();
    expect(received).toHaveLength(3);
    expect(new Set(received.map((r) => r.body.eventId))).toEqual(new Set(["event-1"]));
    expect(new Set(received.map((r) => r.request.body)).size).toBe(1);
    expect(waits).toEqual([1000, 2000]);
    expect(controller.state.latest?.status).toBe("recorded");
    expect(recorded).toHaveLength(1);
  });

  it("fetches a fresh session token for every try (a 401 is retried)", async () => {
    const { controller, received, tokenCount } = harness([401, 201]);
    controller.toggle(true, CONTEXT);
    await controller.idle();
    expect(tokenCount()).toBe(2);
    expect(received.map((r) => r.request.headers.Authorization)).toEqual([
      "Bearer token-1",
      "Bearer token-2",
    ]);
  });

  it("gives up after N tries when the app is unreachable, silently and without a confirmation", async () => {
    const { controller, received, waits, recorded } = harness([], { fallback: "network-error" });
    controller.toggle(true, CONTEXT);
    await controller.idle();
    expect(received).toHaveLength(DEFAULT_RETRY.maxAttempts);
    expect(new Set(received.map((r) => r.body.eventId)).size).toBe(1);
    expect(waits).toEqual([1000, 2000, 4000, 8000]);
    expect(controller.state.latest?.status).toBe("unreachable");
    expect(controller.state.checked).toBe(true);
    expect(confirmation(controller.state)).toBeUndefined();
    expect(recorded).toEqual([]);
  });

  it("honours a custom number of tries", async () => {
    const policy = { maxAttempts: 2, baseDelayMs: 10, factor: 2, maxDelayMs: 100 };
    const { controller, received, waits } = harness([], { fallback: 500, policy });
    controller.toggle(true, CONTEXT);
    await controller.idle();
    expect(received).toHaveLength(2);
    expect(waits).toEqual([10]);
  });

  it("does not retry a request the app rejects", async () => {
    const { controller, received, waits } = harness([400]);
    controller.toggle(true, CONTEXT);
    await controller.idle();
    expect(received).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it("treats already_recorded (200) as recorded", async () => {
    const { controller } = harness([200]);
    controller.toggle(true, CONTEXT);
    await controller.idle();
    expect(confirmation(controller.state)).toBe("opted_in");
  });

  it("runWithRetry counts a thrown error as transient and reports the number of tries", async () => {
    let calls = 0;
    const outcome = await runWithRetry(
      async () => {
        calls += 1;
        if (calls < 3) throw new Error("boom");
        return { verdict: "success" as const, value: calls };
      },
      DEFAULT_RETRY,
      async () => undefined,
    );
    expect(outcome).toEqual({ result: "success", attempts: 3, value: 3 });
  });
});

describe("consent text from the app's metafield", () => {
  const entry = (value: unknown, type = "shop", key = "consent_wording") => ({
    target: { type },
    metafield: { key, value: typeof value === "string" ? value : JSON.stringify(value) },
  });
  const published = {
    storefront: { text: "Storefront words on WhatsApp", versionId: "v-s", language: "en" },
    checkout: {
      text: "  Send me Acme Coffee\n offers on   WhatsApp. Reply STOP to stop. ",
      versionId: "v-c",
      language: "en",
    },
  };

  it("takes the checkout wording the app published, normalized like the app does", () => {
    expect(appWording([entry(published)])).toEqual({
      text: "Send me Acme Coffee offers on WhatsApp. Reply STOP to stop.",
      versionId: "v-c",
    });
    expect(normalizeText("a\u00a0 b")).toBe("a b");
    expect(normalizeText("Cafe\u0301")).toBe("Caf\u00e9");
  });

  it("takes the wording saved for the buyer's language, else the main one", () => {
    const spanish = "Quiero recibir ofertas de Acme Coffee por WhatsApp. Responde STOP para darte de baja.";
    const value = {
      ...published,
      locales: { es: { storefront: null, checkout: { text: spanish, versionId: "v-es", language: "es" } } },
    };
    expect(appWording([entry(value)], "es")).toEqual({ text: spanish, versionId: "v-es" });
    expect(appWording([entry(value)], "es-MX")?.versionId).toBe("v-es");
    expect(appWording([entry(value)], "fr")?.versionId).toBe("v-c");
    expect(appWording([entry(value)])?.versionId).toBe("v-c");
    const noSpanishCheckout = { ...published, locales: { es: { storefront: null, checkout: null } } };
    expect(appWording([entry(noSpanishCheckout)], "es")?.versionId).toBe("v-c");
  });

  it("shows no checkbox without usable wording: none saved, malformed, another owner or key, no WhatsApp", () => {
    expect(appWording(undefined)).toBeUndefined();
    expect(appWording([])).toBeUndefined();
    expect(appWording([entry({ ...published, checkout: null })])).toBeUndefined();
    expect(appWording([entry("{not json")])).toBeUndefined();
    expect(appWording([entry(published, "product")])).toBeUndefined();
    expect(appWording([entry(published, "shop", "other_key")])).toBeUndefined();
    expect(
      appWording([entry({ checkout: { text: "Offers from Acme by SMS", versionId: "v" } })]),
    ).toBeUndefined();
    expect(appWording([entry({ checkout: { text: 42, versionId: "v" } })])).toBeUndefined();
  });
});

describe("payload and request", () => {
  it("has exactly the fields of the contract, optional ones only when known", () => {
    const minimal = buildPayload({
      eventId: "e1",
      consent: true,
      phone: "+1 415 555 0100",
      consentText: "text",
      target: "thank_you",
      country: undefined,
      checkoutToken: "",
      orderId: undefined,
    });
    expect(minimal).toEqual({
      eventId: "e1",
      consent: true,
      phone: "+1 415 555 0100",
      consentText: "text",
      target: "thank_you",
    });
    expect(Object.keys(minimal).sort()).toEqual(["consent", "consentText", "eventId", "phone", "target"]);

    const full = buildPayload({
      eventId: "e2",
      consent: false,
      phone: "+1 415 555 0100",
      consentText: "text",
      target: "thank_you",
      country: " us ",
      checkoutToken: "tok",
      orderId: "gid://shopify/Order/7",
    });
    expect(full).toEqual({
      eventId: "e2",
      consent: false,
      phone: "+1 415 555 0100",
      country: "US",
      consentText: "text",
      target: "thank_you",
      checkoutToken: "tok",
      orderId: "gid://shopify/Order/7",
    });
    expect(buildPayload({ ...full, country: "USA" }).country).toBeUndefined();
  });

  it("builds the endpoint from an https app URL only", () => {
    expect(optInEndpoint("https://consent.example.test")).toBe("https://consent.example.test/checkout/optin");
    expect(optInEndpoint(" https://consent.example.test/ ")).toBe(
      "https://consent.example.test/checkout/optin",
    );
    expect(optInEndpoint("https://host.example/app/")).toBe("https://host.example/app/checkout/optin");
    expect(optInEndpoint("https://host.example/?x=1#y")).toBe("https://host.example/checkout/optin");
    for (const bad of [
      undefined,
      "",
      "not a url",
      "http://consent.example.test",
      "ftp://x",
      "https://u:p@host.example",
    ]) {
      expect(optInEndpoint(bad), String(bad)).toBeUndefined();
    }
  });

  it("sends JSON with a bearer token", () => {
    const payload = buildPayload({
      eventId: "e",
      consent: true,
      phone: "+1 415 555 0100",
      consentText: "t",
      target: "checkout",
    });
    const request = buildRequest("jwt.value.sig", payload);
    expect(request).toEqual({
      method: "POST",
      headers: {
        Authorization: "Bearer jwt.value.sig",
        "Content-Type": "application/json",
        Accept: "application/json",
      },
      body: JSON.stringify(payload),
    });
  });

  it("the cart metafield points at the recorded event, in the app-owned namespace", () => {
    expect(CONSENT_METAFIELD).toEqual({
      namespace: "$app:whatsapp_consent",
      key: "event_id",
      type: "single_line_text_field",
    });
    expect(consentMetafieldChange("0b0f…")).toEqual({
      type: "updateCartMetafield",
      metafield: {
        namespace: "$app:whatsapp_consent",
        key: "event_id",
        type: "single_line_text_field",
        value: "0b0f…",
      },
    });
  });
});

describe("event ids", () => {
  it("are v4 UUIDs, distinct per decision, also where crypto.randomUUID is missing", () => {
    const ids = new Set(Array.from({ length: 50 }, () => newEventId()));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(UUID_V4);

    const fallback = newEventId({ getRandomValues: (array) => crypto.getRandomValues(array) });
    expect(fallback).toMatch(UUID_V4);
    expect(newEventId({})).toMatch(UUID_V4);
  });
});

describe("translations", () => {
  const localesDir = path.join(EXTENSION, "locales");
  const files = readdirSync(localesDir).filter((name) => name.endsWith(".json"));
  const load = (name: string) =>
    JSON.parse(readFileSync(path.join(localesDir, name), "utf8")) as Record<string, string>;
  const english = load("en.default.json");

  it("ships English (default), Spanish, Brazilian Portuguese, German, French and Italian with the same keys", () => {
    expect(files.sort()).toEqual([
      "de.json",
      "en.default.json",
      "es.json",
      "fr.json",
      "it.json",
      "pt-BR.json",
    ]);
    for (const name of files) {
      const strings = load(name);
      expect(Object.keys(strings).sort(), name).toEqual(Object.keys(english).sort());
      for (const [key, value] of Object.entries(strings)) expect(value.trim(), `${name} ${key}`).not.toBe("");
    }
  });
});
