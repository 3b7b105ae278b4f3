/**
 * Resolvers over the store. Customer-shaped types resolve straight from the
 * lean CustomerRecord; everything else is built on demand.
 */
import {
  defaultFieldResolver,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLTypeResolver,
} from "graphql";
import type { BulkOperations } from "./bulk";
import { addressDetails } from "./generator";
import { parseGid } from "./ids";
import { appInstallationView, metafieldsSet } from "./metafields";
import { consentMutations } from "./mutations";
import {
  checkPageArgs,
  type Page,
  type PageArgs,
  paginate,
  type SearchWarning,
  type SortKey,
  searchCustomers,
} from "./search";
import {
  type AdminStore,
  type CustomerRecord,
  customerGid,
  isoFromT,
  type OrderRecord,
  orderGid,
  type ShopState,
} from "./store";
import { type ThemeRole, themesQuery } from "./themes";

/** Set while a bulk query runs: the root connection reads its page from here. */
export interface BulkPage {
  after: string | null;
  size: number;
  hasNext: boolean;
}

export interface RequestContext {
  shop: ShopState;
  store: AdminStore;
  bulkOps: BulkOperations;
  bulk?: BulkPage;
  searchWarnings: { path: readonly (string | number)[]; query: string; warnings: SearchWarning[] }[];
}

type Args = Record<string, unknown>;
type Resolver = (source: never, args: never, ctx: RequestContext, info: GraphQLResolveInfo) => unknown;

const regionNames = new Intl.DisplayNames(["en"], { type: "region" });
const countryName = (code: string | null) => (code ? (regionNames.of(code) ?? code) : null);

const isCustomer = (v: unknown): v is CustomerRecord => typeof v === "object" && v !== null && "waState" in v;

export const typeResolver: GraphQLTypeResolver<unknown, RequestContext> = (value) =>
  isCustomer(value) ? "Customer" : (value as { __typename?: string }).__typename;

function connection<T>(page: Page<T>) {
  return {
    edges: page.items.map((node, i) => ({ cursor: page.cursors[i], node })),
    nodes: page.items,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: page.cursors[0] ?? null,
      endCursor: page.cursors[page.cursors.length - 1] ?? null,
    },
  };
}

interface AddressView {
  __typename: "MailingAddress";
  id: string;
  [field: string]: unknown;
}

function addressOf(c: CustomerRecord, index: number): AddressView {
  const country = c.country ?? "US";
  const details = addressDetails(c.id, index, country);
  const name = [c.firstName, c.lastName].filter(Boolean).join(" ") || null;
  return {
    __typename: "MailingAddress",
    id: `gid://shopify/MailingAddress/${c.id * 10 + index}?model_name=CustomerAddress`,
    ...details,
    address2: null,
    province: null,
    provinceCode: null,
    country: countryName(country),
    countryCodeV2: country,
    firstName: c.firstName,
    lastName: c.lastName,
    name,
    phone: index === 0 ? c.phone : null,
  };
}

function consentView(
  typename: string,
  state: string,
  optIn: string | null,
  at: number | null,
  from: string | null,
) {
  return { __typename: typename, state, optInLevel: optIn, updatedAt: isoFromT(at), collectedFrom: from };
}

/** The deprecated CustomerSmsMarketingState has NOT_SUBSCRIBED where 2026-07 says NEVER_SUBSCRIBED. */
const legacySmsState = (state: string) => (state === "NEVER_SUBSCRIBED" ? "NOT_SUBSCRIBED" : state);

const bulkRoot = (ctx: RequestContext, info: GraphQLResolveInfo) => ctx.bulk !== undefined && !info.path.prev;

const customerResolvers: Record<string, (c: CustomerRecord, args: Args, ctx: RequestContext) => unknown> = {
  id: (c) => customerGid(c.id),
  displayName: (c) => [c.firstName, c.lastName].filter(Boolean).join(" ") || c.email || c.phone || "",
  tags: (c) => c.tags,
  state: () => "DISABLED",
  verifiedEmail: (c) => c.email !== null,
  numberOfOrders: (c) => String(c.id % 5),
  createdAt: (c) => isoFromT(c.createdAt),
  updatedAt: (c) => isoFromT(c.updatedAt),
  defaultEmailAddress: (c) => (c.email ? c : null),
  defaultPhoneNumber: (c) => (c.phone ? c : null),
  defaultAddress: (c) => (c.addresses > 0 ? addressOf(c, 0) : null),
  addressesV2: (c, args, ctx) => {
    checkPageArgs(args as PageArgs, ctx.bulk !== undefined);
    const all = Array.from({ length: c.addresses }, (_, i) => addressOf(c, i));
    const list = args.reverse ? all.reverse() : all;
    const pageArgs = ctx.bulk ? {} : (args as PageArgs);
    return connection(paginate(list, pageArgs, (a) => [Number(a.id.replace(/\D+/g, "")), 0], !!args.reverse));
  },
  emailMarketingConsent: (c) =>
    c.email
      ? {
          marketingState: c.emailState,
          marketingOptInLevel: c.emailOptIn,
          consentUpdatedAt: isoFromT(c.emailAt),
        }
      : null,
  smsMarketingConsent: (c) =>
    c.phone
      ? {
          marketingState: legacySmsState(c.smsState),
          marketingOptInLevel: c.smsOptIn ?? "SINGLE_OPT_IN",
          consentUpdatedAt: isoFromT(c.smsAt),
          consentCollectedFrom: c.smsFrom,
        }
      : null,
};

const emailResolvers: Record<string, (c: CustomerRecord, args: Args, ctx: RequestContext) => unknown> = {
  emailAddress: (c) => c.email,
  marketingState: (c) => (c.emailState === "REDACTED" ? "NOT_SUBSCRIBED" : c.emailState),
  marketingOptInLevel: (c) => c.emailOptIn,
  marketingUpdatedAt: (c) => isoFromT(c.emailAt),
  marketingUnsubscribeUrl: (c, _a, ctx) => `https://${ctx.shop.domain}/unsubscribe?c=${c.id}`,
  openTrackingLevel: () => "UNKNOWN",
  openTrackingUrl: (c, _a, ctx) => `https://${ctx.shop.domain}/email-tracking?c=${c.id}`,
  validFormat: (c) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(c.email ?? ""),
};

const phoneResolvers: Record<string, (c: CustomerRecord) => unknown> = {
  phoneNumber: (c) => c.phone,
  smsMarketingConsent: (c) =>
    consentView("CustomerSmsMarketingConsent", c.smsState, c.smsOptIn, c.smsAt, c.smsFrom),
  whatsAppMarketingConsent: (c) =>
    consentView("CustomerWhatsAppMarketingConsent", c.waState, c.waOptIn, c.waAt, c.waFrom),
  marketingState: (c) => legacySmsState(c.smsState),
  marketingOptInLevel: (c) => c.smsOptIn,
  marketingUpdatedAt: (c) => isoFromT(c.smsAt),
  marketingCollectedFrom: (c) => c.smsFrom,
};

function shopView(shop: ShopState) {
  return {
    __typename: "Shop",
    id: `gid://shopify/Shop/${shop.shopId}`,
    name: shop.name,
    email: shop.email,
    contactEmail: shop.email,
    myshopifyDomain: shop.domain,
    ianaTimezone: shop.ianaTimezone,
    currencyCode: shop.currencyCode,
    billingAddress: {
      __typename: "ShopAddress",
      id: `gid://shopify/ShopAddress/${shop.shopId}`,
      countryCodeV2: shop.country,
      country: countryName(shop.country),
    },
  };
}

/** `app--<id>--name` is how Shopify spells the app-reserved `$app:name` to its owner. */
const appNamespace = (namespace: string | undefined) =>
  !namespace ? "$app" : namespace.replace(/^app--\d+--/, "$app:");

function orderView(order: OrderRecord, ctx: RequestContext) {
  const at = isoFromT(order.createdAt);
  return {
    __typename: "Order",
    id: orderGid(order.id),
    name: order.name,
    createdAt: at,
    email:
      order.customerId === null
        ? null
        : (ctx.store.getCustomer(ctx.shop.domain, order.customerId)?.email ?? null),
    customer:
      order.customerId === null ? null : (ctx.store.getCustomer(ctx.shop.domain, order.customerId) ?? null),
    metafield: (args: { key: string; namespace?: string }) => {
      const namespace = appNamespace(args.namespace);
      const value = order.metafields[`${namespace}.${args.key}`];
      if (value === undefined) return null;
      return {
        __typename: "Metafield",
        id: `gid://shopify/Metafield/${order.id}${args.key.length}`,
        namespace,
        key: args.key,
        value,
        type: "single_line_text_field",
        compareDigest: `${order.id}-${args.key}`,
        createdAt: at,
        updatedAt: at,
      };
    },
  };
}

function findOrder(id: unknown, ctx: RequestContext) {
  const orderId = parseGid(id, "Order");
  const order = orderId === null ? undefined : ctx.shop.orders.get(orderId);
  return order ? orderView(order, ctx) : null;
}

function findNode(id: unknown, ctx: RequestContext): unknown {
  const customerId = parseGid(id, "Customer");
  if (customerId !== null) return ctx.store.getCustomer(ctx.shop.domain, customerId) ?? null;
  if (parseGid(id, "Order") !== null) return findOrder(id, ctx);
  if (parseGid(id, "BulkOperation") !== null)
    return ctx.bulkOps.get(ctx.shop.domain, String(id))?.view() ?? null;
  return null;
}

const queryResolvers: Record<
  string,
  (root: unknown, args: Args, ctx: RequestContext, info: GraphQLResolveInfo) => unknown
> = {
  customers: (_root, args, ctx, info) => {
    const isBulkRoot = bulkRoot(ctx, info);
    checkPageArgs(args as PageArgs, ctx.bulk !== undefined);
    const reverse = args.reverse === true;
    const found = searchCustomers(ctx.shop, args.query as string | null, args.sortKey as SortKey, reverse);
    if (found.warnings.length && !ctx.bulk)
      ctx.searchWarnings.push({ path: [info.path.key], query: String(args.query), warnings: found.warnings });
    const page = paginate(
      found.list,
      isBulkRoot && ctx.bulk ? { first: ctx.bulk.size, after: ctx.bulk.after } : (args as PageArgs),
      found.key,
      reverse,
    );
    if (isBulkRoot && ctx.bulk) {
      ctx.bulk.hasNext = page.hasNextPage;
      ctx.bulk.after = page.cursors[page.cursors.length - 1] ?? ctx.bulk.after;
    }
    return connection(page);
  },
  customer: (_root, args, ctx) => {
    const id = parseGid(args.id, "Customer");
    return id === null ? null : (ctx.store.getCustomer(ctx.shop.domain, id) ?? null);
  },
  order: (_root, args, ctx) => findOrder(args.id, ctx),
  customersCount: (_root, args, ctx) => {
    const { list } = searchCustomers(ctx.shop, args.query as string | null, "ID", false);
    const limit = typeof args.limit === "number" ? args.limit : Number.POSITIVE_INFINITY;
    return { count: Math.min(list.length, limit), precision: list.length > limit ? "AT_LEAST" : "EXACT" };
  },
  node: (_root, args, ctx) => findNode(args.id, ctx),
  nodes: (_root, args, ctx) => (args.ids as unknown[]).map((id) => findNode(id, ctx)),
  bulkOperation: (_root, args, ctx) =>
    parseGid(args.id, "BulkOperation") === null
      ? null
      : (ctx.bulkOps.get(ctx.shop.domain, String(args.id))?.view() ?? null),
  currentBulkOperation: (_root, args, ctx) =>
    ctx.bulkOps.current(ctx.shop.domain, (args.type as "QUERY" | "MUTATION") ?? "QUERY")?.view() ?? null,
  shop: (_root, _args, ctx) => shopView(ctx.shop),
  currentAppInstallation: (_root, _args, ctx) => appInstallationView(ctx.shop),
  shopLocales: (_root, args, ctx) =>
    ctx.shop.locales
      .filter((locale) => args.published !== true || locale.published)
      .map((locale) => ({ __typename: "ShopLocale", ...locale })),
  themes: (_root, args, ctx) =>
    themesQuery(ctx.shop, { roles: args.roles as ThemeRole[] | null, first: args.first as number | null }),
};

const mutationResolvers: Record<string, (root: unknown, args: Args, ctx: RequestContext) => unknown> = {
  bulkOperationRunQuery: (_root, args, ctx) =>
    ctx.bulkOps.run(ctx.shop.domain, String(args.query), args.groupObjects === true),
  bulkOperationCancel: (_root, args, ctx) => ctx.bulkOps.cancel(ctx.shop.domain, String(args.id)),
  ...consentMutations,
  metafieldsSet: (_root, args, ctx) =>
    metafieldsSet(ctx.shop, args.metafields as Parameters<typeof metafieldsSet>[1]),
};

const RESOLVERS: Record<string, Record<string, Resolver>> = {
  QueryRoot: queryResolvers as Record<string, Resolver>,
  Mutation: mutationResolvers as Record<string, Resolver>,
  Customer: customerResolvers as Record<string, Resolver>,
  CustomerEmailAddress: emailResolvers as Record<string, Resolver>,
  CustomerPhoneNumber: phoneResolvers as Record<string, Resolver>,
};

export const fieldResolver: GraphQLFieldResolver<unknown, RequestContext> = (source, args, ctx, info) => {
  const resolve = RESOLVERS[info.parentType.name]?.[info.fieldName];
  if (resolve) return resolve(source as never, args as never, ctx, info);
  return defaultFieldResolver(source, args, ctx, info);
};
