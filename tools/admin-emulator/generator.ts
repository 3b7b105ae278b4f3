/**
 * Deterministic, seeded generator of Shopify-like customers: names from
 * several locales, phones from many countries (E.164, national, malformed,
 * missing, duplicated across customers), email/SMS/WhatsApp consent mixes,
 * tags. A million customers take a couple of seconds.
 */
import {
  CITIES,
  EMAIL_DOMAINS,
  LOCALES,
  MALFORMED_PHONES,
  NOTES,
  PHONE_TEMPLATES,
  type PhoneTemplate,
  STREETS,
  TAG_SETS,
} from "./generator-data";
import type { CollectedFrom, ConsentState, CustomerRecord, EmailState, OptInLevel } from "./store";
import { toT } from "./store";

/** Email calls it NOT_SUBSCRIBED; SMS and WhatsApp (CustomerMarketingConsentState) NEVER_SUBSCRIBED. */
const neverSubscribed = (state: string) => state === "NOT_SUBSCRIBED" || state === "NEVER_SUBSCRIBED";
type ChannelState = "SUBSCRIBED" | "NEVER_SUBSCRIBED" | "UNSUBSCRIBED" | "PENDING";
type EmailChannelState = "SUBSCRIBED" | "NOT_SUBSCRIBED" | "UNSUBSCRIBED" | "PENDING" | "INVALID";

export interface GeneratorMix {
  /** How phones are written (weights). */
  phone: { e164: number; national: number; malformed: number; missing: number };
  /** Share of customers with a phone who reuse an earlier customer's number (maybe in another format). */
  duplicatePhone: number;
  /** Share of customers without an email address. */
  missingEmail: number;
  email: Record<EmailChannelState, number>;
  /** Only for customers with a phone. */
  sms: Record<ChannelState, number>;
  /** Only for customers with a phone. SUBSCRIBED here is Shopify's state alone: no proof anywhere. */
  whatsApp: Record<ChannelState, number>;
  /** Share of SUBSCRIBED consents at CONFIRMED_OPT_IN (the rest SINGLE_OPT_IN or UNKNOWN). */
  confirmedOptIn: number;
}

export const DEFAULT_MIX: GeneratorMix = {
  phone: { e164: 0.55, national: 0.15, malformed: 0.05, missing: 0.25 },
  duplicatePhone: 0.03,
  missingEmail: 0.05,
  email: { SUBSCRIBED: 0.45, NOT_SUBSCRIBED: 0.35, UNSUBSCRIBED: 0.12, PENDING: 0.05, INVALID: 0.03 },
  sms: { SUBSCRIBED: 0.2, NEVER_SUBSCRIBED: 0.65, UNSUBSCRIBED: 0.1, PENDING: 0.05 },
  whatsApp: { SUBSCRIBED: 0.08, NEVER_SUBSCRIBED: 0.85, UNSUBSCRIBED: 0.05, PENDING: 0.02 },
  confirmedOptIn: 0.3,
};

/** A channel object given here replaces that whole distribution (absent keys weigh 0). */
export type MixOverrides = Partial<{
  [K in keyof GeneratorMix]: GeneratorMix[K] extends number ? number : Partial<GeneratorMix[K]>;
}>;

export interface GenerateOptions {
  count: number;
  seed?: number;
  mix?: MixOverrides;
  /** Id of the first customer (ids then grow by 1 to 4). */
  startId?: number;
  /** Latest timestamp used (fixed by default so the output does not depend on the clock). */
  now?: string;
  /** Earliest creation date. */
  since?: string;
}

/** mulberry32: small, fast, good enough for test data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Weighted<T> {
  values: T[];
  cumulative: number[];
}

function weighted<T extends string>(weights: Partial<Record<T, number>>): Weighted<T> {
  const values: T[] = [];
  const cumulative: number[] = [];
  let total = 0;
  for (const [key, weight] of Object.entries(weights) as [T, number][]) {
    if (!(weight > 0)) continue;
    total += weight;
    values.push(key);
    cumulative.push(total);
  }
  if (total === 0) throw new Error("A mix needs at least one positive weight");
  return { values, cumulative: cumulative.map((c) => c / total) };
}

function pick<T>(w: Weighted<T>, r: number): T {
  const { cumulative, values } = w;
  for (let i = 0; i < cumulative.length; i++) if (r < (cumulative[i] as number)) return values[i] as T;
  return values[values.length - 1] as T;
}

function mergeMix(overrides: MixOverrides = {}): GeneratorMix {
  return { ...DEFAULT_MIX, ...overrides } as GeneratorMix;
}

/** ASCII form of a name for email local parts ("" when nothing Latin is left). */
function asciiName(name: string): string {
  return name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/ß/g, "ss")
    .replace(/ł/g, "l")
    .replace(/ı/g, "i")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

const LOCALE_WEIGHTS = weighted(Object.fromEntries(LOCALES.map((_, i) => [String(i), i === 0 ? 4 : 1])));
const NAME_POOLS = LOCALES.map((l) => ({
  first: l.first.map((n) => [n, asciiName(n)] as const),
  last: l.last.map((n) => [n, asciiName(n)] as const),
}));
const TEMPLATES_BY_COUNTRY = new Map<string, PhoneTemplate[]>();
for (const t of PHONE_TEMPLATES) {
  const list = TEMPLATES_BY_COUNTRY.get(t.country) ?? [];
  list.push(t);
  TEMPLATES_BY_COUNTRY.set(t.country, list);
}

interface CompiledTemplate {
  template: PhoneTemplate;
  e164: number[];
  national: number[];
  e164Slots: number[];
  nationalSlots: number[];
}

function compile(t: PhoneTemplate): CompiledTemplate {
  const codes = (s: string) => Array.from(s, (ch) => ch.charCodeAt(0));
  const slots = (s: string) => Array.from(s).flatMap((ch, i) => (ch === "x" ? [i] : []));
  return {
    template: t,
    e164: codes(t.e164),
    national: codes(t.national),
    e164Slots: slots(t.e164),
    nationalSlots: slots(t.national),
  };
}

const COMPILED = new Map(PHONE_TEMPLATES.map((t) => [t, compile(t)]));

/** Fills a template's `x`s with random digits; builds flat strings straight from char codes. */
function fillTemplate(t: PhoneTemplate, rand: () => number): [e164: string, national: string] {
  const c = COMPILED.get(t) as CompiledTemplate;
  for (let k = 0; k < c.e164Slots.length; k++) {
    const digit = 48 + ((rand() * 10) | 0);
    c.e164[c.e164Slots[k] as number] = digit;
    c.national[c.nationalSlots[k] as number] = digit;
  }
  return [String.fromCharCode.apply(null, c.e164), String.fromCharCode.apply(null, c.national)];
}

const RING = 4096;

export function generateCustomers(options: GenerateOptions): CustomerRecord[] {
  const rand = seededRandom(options.seed ?? 1);
  const mix = mergeMix(options.mix);
  const phoneKind = weighted(mix.phone);
  const emailState = weighted(mix.email);
  const smsState = weighted(mix.sms);
  const waState = weighted(mix.whatsApp);
  const now = toT(options.now ?? "2026-09-01T00:00:00Z");
  const since = toT(options.since ?? "2021-01-01T00:00:00Z");
  const ring: { e164: string; national: string; country: string }[] = [];
  const out: CustomerRecord[] = new Array(options.count);
  let id = options.startId ?? 7_000_000_000_001;

  const optIn = (state: string): OptInLevel | null => {
    if (state !== "SUBSCRIBED" && state !== "PENDING") return null;
    const r = rand();
    return r < mix.confirmedOptIn ? "CONFIRMED_OPT_IN" : r < 0.95 ? "SINGLE_OPT_IN" : "UNKNOWN";
  };
  const consentAt = (state: string, createdAt: number): number | null =>
    neverSubscribed(state) ? null : createdAt + Math.floor(rand() * (now - createdAt));
  const from = (state: ConsentState): CollectedFrom | null =>
    neverSubscribed(state) ? null : rand() < 0.6 ? "SHOPIFY" : "OTHER";

  for (let i = 0; i < options.count; i++) {
    const li = Number(pick(LOCALE_WEIGHTS, rand()));
    const locale = LOCALES[li] as (typeof LOCALES)[number];
    const pool = NAME_POOLS[li] as (typeof NAME_POOLS)[number];
    const [first, firstAscii] = pool.first[(rand() * pool.first.length) | 0] as readonly [string, string];
    const [last, lastAscii] = pool.last[(rand() * pool.last.length) | 0] as readonly [string, string];
    let country = locale.countries[(rand() * locale.countries.length) | 0] as string;
    const createdAt = since + Math.floor(rand() * (now - since - 86_400));

    let phone: string | null = null;
    const kind = pick(phoneKind, rand());
    if (kind !== "missing" && ring.length > 0 && rand() < mix.duplicatePhone) {
      const dup = ring[(rand() * ring.length) | 0] as (typeof ring)[number];
      phone = rand() < 0.5 ? dup.e164 : dup.national;
      country = dup.country;
    } else if (kind === "malformed") {
      phone = MALFORMED_PHONES[(rand() * MALFORMED_PHONES.length) | 0] as string;
    } else if (kind !== "missing") {
      const templates = TEMPLATES_BY_COUNTRY.get(country) ?? PHONE_TEMPLATES;
      const template = templates[(rand() * templates.length) | 0] as PhoneTemplate;
      const [e164, national] = fillTemplate(template, rand);
      country = template.country;
      phone = kind === "e164" ? e164 : national;
      if (ring.length < RING) ring.push({ e164, national, country });
      else ring[(rand() * RING) | 0] = { e164, national, country };
    }

    const domain = EMAIL_DOMAINS[(rand() * EMAIL_DOMAINS.length) | 0];
    // join() makes one flat string (template literals would chain cons strings: more memory).
    const email =
      rand() < mix.missingEmail
        ? null
        : firstAscii && lastAscii
          ? [firstAscii, ".", lastAscii, i, "@", domain].join("")
          : ["customer", i, "@", domain].join("");
    const eState: EmailState = email ? pick(emailState, rand()) : "NOT_SUBSCRIBED";
    const sState: ConsentState = phone ? pick(smsState, rand()) : "NEVER_SUBSCRIBED";
    const wState: ConsentState = phone ? pick(waState, rand()) : "NEVER_SUBSCRIBED";
    const emailAt = consentAt(eState, createdAt);
    const smsAt = consentAt(sState, createdAt);
    const waAt = consentAt(wState, createdAt);
    const ra = rand();
    const addresses = kind === "national" ? (ra < 0.8 ? 1 : 2) : ra < 0.2 ? 0 : ra < 0.8 ? 1 : 2;
    const updatedAt = Math.max(
      createdAt + Math.floor(rand() * (now - createdAt)),
      emailAt ?? 0,
      smsAt ?? 0,
      waAt ?? 0,
    );

    id += 1 + ((rand() * 4) | 0);
    out[i] = {
      id,
      firstName: rand() < 0.02 ? null : first,
      lastName: rand() < 0.04 ? null : last,
      email,
      phone,
      tags: TAG_SETS[(rand() * TAG_SETS.length) | 0] as readonly string[],
      note: rand() < 0.03 ? (NOTES[(rand() * NOTES.length) | 0] as string) : null,
      locale: locale.locale,
      country: addresses > 0 ? country : null,
      addresses,
      createdAt,
      updatedAt,
      emailState: eState,
      emailOptIn: optIn(eState),
      emailAt,
      smsState: sState,
      smsOptIn: optIn(sState),
      smsAt,
      smsFrom: from(sState),
      waState: wState,
      waOptIn: optIn(wState),
      waAt,
      waFrom: from(wState),
    };
  }
  return out;
}

/** Deterministic address details for a customer's n-th address. */
export function addressDetails(customerId: number, index: number, country: string) {
  const cities = CITIES[country] ?? ["Springfield"];
  const n = (customerId * 31 + index * 7) >>> 0;
  return {
    city: cities[n % cities.length] as string,
    address1: `${(n % 400) + 1} ${STREETS[n % STREETS.length]}`,
    zip: String(10000 + (n % 89999)),
  };
}
