/**
 * In-memory state of the Admin API emulator: shops and their customers.
 * Customer records are lean (a million fit in a few hundred MB): times are
 * whole seconds since T_EPOCH so they stay small integers, shared string
 * literals stand for enum values, tags are shared frozen arrays where possible.
 */

import { wideGid } from "./ids";

export type EmailState =
  | "NOT_SUBSCRIBED"
  | "PENDING"
  | "SUBSCRIBED"
  | "UNSUBSCRIBED"
  | "REDACTED"
  | "INVALID";
/**
 * CustomerMarketingConsentState (WhatsApp, SMS since 2026-07). The deprecated
 * CustomerSmsMarketingState calls NEVER_SUBSCRIBED "NOT_SUBSCRIBED" (resolvers.ts).
 */
export type ConsentState = "NEVER_SUBSCRIBED" | "PENDING" | "SUBSCRIBED" | "UNSUBSCRIBED" | "REDACTED";
export type OptInLevel = "SINGLE_OPT_IN" | "CONFIRMED_OPT_IN" | "UNKNOWN";
export type CollectedFrom = "SHOPIFY" | "OTHER";

export interface CustomerRecord {
  /** Numeric part of `gid://shopify/Customer/N`. */
  id: number;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  /** As stored; the generator also makes national, malformed and duplicate numbers. */
  phone: string | null;
  tags: readonly string[];
  note: string | null;
  locale: string;
  /** ISO 3166-1 alpha-2 country of the default address (null: no address). */
  country: string | null;
  /** Number of addresses (their details are derived from id and country). */
  addresses: number;
  createdAt: number;
  updatedAt: number;
  emailState: EmailState;
  emailOptIn: OptInLevel | null;
  emailAt: number | null;
  smsState: ConsentState;
  smsOptIn: OptInLevel | null;
  smsAt: number | null;
  smsFrom: CollectedFrom | null;
  waState: ConsentState;
  waOptIn: OptInLevel | null;
  waAt: number | null;
  waFrom: CollectedFrom | null;
}

/** Seconds of 2020-01-01T00:00:00Z: record times count from here (small integers until 2054). */
export const T_EPOCH = 1_577_836_800;

export function toT(value: string | number | Date): number {
  const ms = value instanceof Date ? value.getTime() : typeof value === "number" ? value : Date.parse(value);
  if (Number.isNaN(ms)) throw new Error(`Invalid date: ${String(value)}`);
  return Math.floor(ms / 1000) - T_EPOCH;
}

/** Shopify's DateTime format: second precision, `Z`. */
export function isoFromT(t: number): string;
export function isoFromT(t: number | null): string | null;
export function isoFromT(t: number | null): string | null {
  if (t === null) return null;
  return new Date((t + T_EPOCH) * 1000).toISOString().replace(".000Z", "Z");
}

export function nowT(): number {
  return toT(Date.now());
}

export const customerGid = (id: number) => wideGid("Customer", id);
export const orderGid = (id: number) => wideGid("Order", id);

export interface OrderRecord {
  id: number;
  name: string;
  /** Record id of the customer, if the order has one. */
  customerId: number | null;
  checkoutToken: string | null;
  createdAt: number;
  /** Metafield values by `namespace.key`; the app-reserved namespace is written `$app:<name>`. */
  metafields: Record<string, string>;
}

export interface OrderInput {
  customerId?: number | null;
  checkoutToken?: string | null;
  metafields?: Record<string, string>;
}

export interface ConsentPatch<S extends string> {
  state: S;
  optInLevel?: OptInLevel | null;
  /** ISO date; defaults to now. */
  updatedAt?: string | null;
  collectedFrom?: CollectedFrom | null;
}

/** A friendly patch for the control API (and the emulator's mutations). */
export interface CustomerPatch {
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  phone?: string | null;
  tags?: readonly string[];
  note?: string | null;
  locale?: string;
  country?: string | null;
  addresses?: number;
  emailConsent?: ConsentPatch<EmailState>;
  smsConsent?: ConsentPatch<ConsentState>;
  whatsAppConsent?: ConsentPatch<ConsentState>;
  /** ISO date; defaults to now. */
  updatedAt?: string;
}

export interface ShopLocaleRecord {
  locale: string;
  name: string;
  primary: boolean;
  published: boolean;
}

export interface ShopConfig {
  /** The myshopify domain, e.g. `demo.myshopify.com`. */
  domain: string;
  accessToken: string;
  /** When accessToken stops working (expiring offline tokens); the refresh token renews it. */
  accessTokenExpiresAt?: Date;
  refreshToken?: string;
  name?: string;
  /** ISO 3166-1 alpha-2 country of the shop's billing address. */
  country?: string;
  email?: string;
  currencyCode?: string;
  ianaTimezone?: string;
  /** The shop's locales (shopLocales); default: English, primary and published. */
  locales?: ShopLocaleRecord[];
  customers?: CustomerRecord[];
  /** Leaky bucket for GraphQL cost (defaults: 1000 points, 100 restored per second). */
  throttle?: { maximumAvailable?: number; restoreRate?: number };
}

export interface ShopState {
  domain: string;
  accessToken: string;
  accessTokenExpiresAt: Date | null;
  refreshToken: string | null;
  name: string;
  country: string;
  email: string;
  currencyCode: string;
  ianaTimezone: string;
  locales: ShopLocaleRecord[];
  shopId: number;
  throttle: { maximumAvailable: number; restoreRate: number };
  /** Sorted by id, ascending. */
  customers: CustomerRecord[];
  /** Bumped by every change, so cached searches know they are stale. */
  version: number;
  orders: Map<number, OrderRecord>;
}

export type ChangeKind = "create" | "update" | "delete";

export type ConsentChannel = "email" | "sms" | "whatsApp";

export interface CustomerChange {
  shop: string;
  kind: ChangeKind;
  customer: CustomerRecord;
  /** The channels whose consent this change set (each has its own webhook topic). */
  consent: ConsentChannel[];
  /** false when the caller asked for no webhook. */
  webhook: boolean;
}

export interface ChangeOptions {
  /** Emit the customers/create|update|delete webhook (default true; needs the emulator's appUrl). */
  webhook?: boolean;
}

export class AdminStore {
  readonly shops = new Map<string, ShopState>();
  private readonly listeners = new Set<(change: CustomerChange) => void>();
  private readonly orderListeners = new Set<(shop: string, order: OrderRecord) => void>();

  addShop(config: ShopConfig): ShopState {
    const domain = config.domain.toLowerCase();
    const customers = [...(config.customers ?? [])].sort((a, b) => a.id - b.id);
    const shop: ShopState = {
      domain,
      accessToken: config.accessToken,
      accessTokenExpiresAt: config.accessTokenExpiresAt ?? null,
      refreshToken: config.refreshToken ?? null,
      name: config.name ?? domain.replace(/\.myshopify\.com$/, ""),
      country: config.country ?? "US",
      email: config.email ?? `owner@${domain}`,
      currencyCode: config.currencyCode ?? "USD",
      ianaTimezone: config.ianaTimezone ?? "America/New_York",
      locales: config.locales ?? [{ locale: "en", name: "English", primary: true, published: true }],
      shopId: 60_000_000_000 + this.shops.size + 1,
      throttle: {
        maximumAvailable: config.throttle?.maximumAvailable ?? 1000,
        restoreRate: config.throttle?.restoreRate ?? 100,
      },
      customers,
      version: 0,
      orders: new Map(),
    };
    this.shops.set(domain, shop);
    return shop;
  }

  shop(domain: string): ShopState | undefined {
    return this.shops.get(domain.toLowerCase());
  }

  requireShop(domain: string): ShopState {
    const shop = this.shop(domain);
    if (!shop) throw new Error(`Unknown shop ${domain}`);
    return shop;
  }

  customers(domain: string): readonly CustomerRecord[] {
    return this.requireShop(domain).customers;
  }

  getCustomer(domain: string, id: number): CustomerRecord | undefined {
    const list = this.requireShop(domain).customers;
    const i = indexOfId(list, id);
    return i >= 0 ? list[i] : undefined;
  }

  createCustomer(domain: string, patch: CustomerPatch, options: ChangeOptions = {}): CustomerRecord {
    const shop = this.requireShop(domain);
    const last = shop.customers[shop.customers.length - 1];
    const t = patch.updatedAt ? toT(patch.updatedAt) : nowT();
    const customer: CustomerRecord = {
      id: (last?.id ?? 7_000_000_000_000) + 1,
      firstName: null,
      lastName: null,
      email: null,
      phone: null,
      tags: [],
      note: null,
      locale: "en",
      country: null,
      addresses: 0,
      createdAt: t,
      updatedAt: t,
      emailState: "NOT_SUBSCRIBED",
      emailOptIn: null,
      emailAt: null,
      smsState: "NEVER_SUBSCRIBED",
      smsOptIn: null,
      smsAt: null,
      smsFrom: null,
      waState: "NEVER_SUBSCRIBED",
      waOptIn: null,
      waAt: null,
      waFrom: null,
    };
    const consent = applyPatch(customer, patch);
    shop.customers.push(customer);
    this.changed(shop, "create", customer, options, consent);
    return customer;
  }

  updateCustomer(
    domain: string,
    id: number,
    patch: CustomerPatch,
    options: ChangeOptions = {},
  ): CustomerRecord {
    const shop = this.requireShop(domain);
    const customer = this.getCustomer(domain, id);
    if (!customer) throw new Error(`Unknown customer ${id} in ${domain}`);
    const consent = applyPatch(customer, patch);
    this.changed(shop, "update", customer, options, consent);
    return customer;
  }

  deleteCustomer(domain: string, id: number, options: ChangeOptions = {}): boolean {
    const shop = this.requireShop(domain);
    const i = indexOfId(shop.customers, id);
    if (i < 0) return false;
    const [customer] = shop.customers.splice(i, 1);
    if (customer) this.changed(shop, "delete", customer, options);
    return true;
  }

  /** Places an order (as a checkout would); listeners hear of it (orders/create). */
  createOrder(domain: string, input: OrderInput = {}): OrderRecord {
    const shop = this.requireShop(domain);
    const id = 5_000_000_000_000 + shop.orders.size + 1;
    const order: OrderRecord = {
      id,
      name: `#${1000 + shop.orders.size + 1}`,
      customerId: input.customerId ?? null,
      checkoutToken: input.checkoutToken ?? null,
      createdAt: nowT(),
      metafields: { ...input.metafields },
    };
    shop.orders.set(id, order);
    for (const listener of this.orderListeners) listener(shop.domain, order);
    return order;
  }

  onOrder(listener: (shop: string, order: OrderRecord) => void): () => void {
    this.orderListeners.add(listener);
    return () => this.orderListeners.delete(listener);
  }

  /** Listens to every customer change; returns the unsubscribe function. */
  onChange(listener: (change: CustomerChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(
    shop: ShopState,
    kind: ChangeKind,
    customer: CustomerRecord,
    options: ChangeOptions,
    consent: ConsentChannel[] = [],
  ) {
    shop.version++;
    const change = { shop: shop.domain, kind, customer, consent, webhook: options.webhook !== false };
    for (const listener of this.listeners) listener(change);
  }
}

export function indexOfId(list: readonly CustomerRecord[], id: number): number {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const midId = (list[mid] as CustomerRecord).id;
    if (midId === id) return mid;
    if (midId < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Applies the patch; returns the channels whose consent it set. */
function applyPatch(c: CustomerRecord, p: CustomerPatch): ConsentChannel[] {
  const consent: ConsentChannel[] = [];
  if (p.firstName !== undefined) c.firstName = p.firstName;
  if (p.lastName !== undefined) c.lastName = p.lastName;
  if (p.email !== undefined) c.email = p.email;
  if (p.phone !== undefined) c.phone = p.phone;
  if (p.tags !== undefined) c.tags = [...p.tags];
  if (p.note !== undefined) c.note = p.note;
  if (p.locale !== undefined) c.locale = p.locale;
  if (p.country !== undefined) c.country = p.country;
  if (p.addresses !== undefined) c.addresses = p.addresses;
  if (c.country && c.addresses === 0) c.addresses = 1;
  const t = p.updatedAt ? toT(p.updatedAt) : nowT();
  if (p.emailConsent) {
    consent.push("email");
    c.emailState = p.emailConsent.state;
    c.emailOptIn = p.emailConsent.optInLevel ?? null;
    c.emailAt = p.emailConsent.updatedAt ? toT(p.emailConsent.updatedAt) : t;
  }
  if (p.smsConsent) {
    consent.push("sms");
    c.smsState = p.smsConsent.state;
    c.smsOptIn = p.smsConsent.optInLevel ?? null;
    c.smsAt = p.smsConsent.updatedAt ? toT(p.smsConsent.updatedAt) : t;
    c.smsFrom = p.smsConsent.collectedFrom ?? "OTHER";
  }
  if (p.whatsAppConsent) {
    consent.push("whatsApp");
    c.waState = p.whatsAppConsent.state;
    c.waOptIn = p.whatsAppConsent.optInLevel ?? null;
    c.waAt = p.whatsAppConsent.updatedAt ? toT(p.whatsAppConsent.updatedAt) : t;
    c.waFrom = p.whatsAppConsent.collectedFrom ?? "OTHER";
  }
  c.updatedAt = Math.max(t, c.createdAt);
  return consent;
}
