/**
 * Shopify search syntax (the subset the app needs) and cursor pagination.
 * Terms are ANDed; `OR` between terms makes alternatives (AND binds tighter);
 * `-field:value` / `NOT field:value` negates; comparators `:>`, `:>=`, `:<`,
 * `:<=`; values may be quoted with ' or ". Unknown fields are ignored with a
 * warning, like Shopify does (which then returns everything).
 */

import { GraphQLError } from "graphql";
import { publicId } from "./ids";
import { type CustomerRecord, type ShopState, toT } from "./store";

type Comparator = "=" | ">" | ">=" | "<" | "<=";

interface Term {
  field: string | null;
  comparator: Comparator;
  value: string;
  negated: boolean;
}

export interface SearchWarning {
  field: string;
  message: string;
}

export interface ParsedQuery {
  /** Disjunction of conjunctions. */
  alternatives: Term[][];
  warnings: SearchWarning[];
}

const TOKEN = /(-?)([a-z_]+:(?:>=|<=|>|<)?)?("[^"]*"|'[^']*'|[^\s]+)/gi;

const FIELDS = new Set([
  "id",
  "created_at",
  "updated_at",
  "email",
  "phone",
  "first_name",
  "last_name",
  "tag",
  "tag_not",
  "country",
  "email_marketing_state",
  "sms_marketing_state",
  "state",
]);

export function parseSearch(query: string | null | undefined): ParsedQuery {
  const alternatives: Term[][] = [[]];
  const warnings: SearchWarning[] = [];
  let negateNext = false;
  for (const m of (query ?? "").matchAll(TOKEN)) {
    const [, dash, prefix, rawValue] = m as unknown as [string, string, string | undefined, string];
    if (!prefix && rawValue === "OR") {
      alternatives.push([]);
      continue;
    }
    if (!prefix && rawValue === "AND") continue;
    if (!prefix && rawValue === "NOT") {
      negateNext = true;
      continue;
    }
    const value = rawValue.replace(/^(['"])(.*)\1$/, "$2");
    let field: string | null = null;
    let comparator: Comparator = "=";
    if (prefix) {
      const [name, op] = prefix.split(":") as [string, string];
      field = name.toLowerCase();
      comparator = (op || "=") as Comparator;
      if (!FIELDS.has(field)) {
        warnings.push({ field, message: "Invalid search field for this query." });
        continue;
      }
    }
    (alternatives[alternatives.length - 1] as Term[]).push({
      field,
      comparator,
      value,
      negated: dash === "-" || negateNext,
    });
    negateNext = false;
  }
  return { alternatives: alternatives.filter((a) => a.length > 0), warnings };
}

/** Ids are compared as the 64-bit numbers Shopify shows (a query may name any). */
function compareIds(recordId: number, digits: string, op: Comparator): boolean {
  if (!/^\d{1,20}$/.test(digits)) return false;
  const a = BigInt(publicId(recordId));
  const b = BigInt(digits);
  return compare(a < b ? -1 : a > b ? 1 : 0, 0, op);
}

function compare(a: number | string, b: number | string, op: Comparator): boolean {
  switch (op) {
    case ">":
      return a > b;
    case ">=":
      return a >= b;
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    default:
      return a === b;
  }
}

function timeValue(value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new GraphQLError(`Invalid date in search query: ${value}`);
  return toT(ms);
}

function matchTerm(c: CustomerRecord, t: Term): boolean {
  const v = t.value.toLowerCase();
  const has = (s: string | null) => s?.toLowerCase().includes(v) === true;
  switch (t.field) {
    case null:
      return has(c.firstName) || has(c.lastName) || has(c.email) || has(c.phone);
    case "id":
      return compareIds(c.id, t.value.replace(/^gid:\/\/shopify\/Customer\//, ""), t.comparator);
    case "created_at":
      return compare(c.createdAt, timeValue(t.value), t.comparator);
    case "updated_at":
      return compare(c.updatedAt, timeValue(t.value), t.comparator);
    case "email":
      return (c.email ?? "").toLowerCase() === v;
    case "phone":
      return (c.phone ?? "").replace(/[^\d+]/g, "") === t.value.replace(/[^\d+]/g, "");
    case "first_name":
      return (c.firstName ?? "").toLowerCase() === v;
    case "last_name":
      return (c.lastName ?? "").toLowerCase() === v;
    case "tag":
      return c.tags.some((tag) => tag.toLowerCase() === v);
    case "tag_not":
      return !c.tags.some((tag) => tag.toLowerCase() === v);
    case "country":
      return (c.country ?? "").toLowerCase() === v;
    case "email_marketing_state":
      return c.email !== null && c.emailState.toLowerCase() === v;
    case "sms_marketing_state":
      return (
        c.phone !== null &&
        (c.smsState === "NEVER_SUBSCRIBED" ? "not_subscribed" : c.smsState.toLowerCase()) === v
      );
    case "state":
      return v === "disabled";
    default:
      return true;
  }
}

export function matches(c: CustomerRecord, q: ParsedQuery): boolean {
  if (q.alternatives.length === 0) return true;
  return q.alternatives.some((terms) => terms.every((t) => matchTerm(c, t) !== t.negated));
}

// ------------------------------------------------------------ pagination

export type SortKey = "ID" | "CREATED_AT" | "UPDATED_AT" | "NAME" | "LOCATION" | "RELEVANCE";
type SortValue = number | string;

function sortValue(c: CustomerRecord, key: SortKey): SortValue {
  switch (key) {
    case "CREATED_AT":
      return c.createdAt;
    case "UPDATED_AT":
      return c.updatedAt;
    case "NAME":
      return `${c.firstName ?? ""} ${c.lastName ?? ""}`.trim().toLowerCase();
    case "LOCATION":
      return c.country ?? "";
    default:
      return c.id;
  }
}

export interface Cursor {
  last_id: number;
  last_value: SortValue;
}

export function encodeCursor(id: number, value: SortValue): string {
  return Buffer.from(JSON.stringify({ last_id: id, last_value: value })).toString("base64");
}

function decodeCursor(cursor: string): Cursor {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64").toString("utf8")) as Cursor;
    if (typeof parsed.last_id === "number" && parsed.last_value !== undefined) return parsed;
  } catch {}
  throw new GraphQLError("Invalid cursor for current pagination sort.", {
    extensions: { code: "BAD_REQUEST" },
  });
}

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  reverse?: boolean | null;
}

export const MAX_PAGE_SIZE = 250;

export function checkPageArgs(args: PageArgs, bulk: boolean): void {
  if (bulk) return;
  if (args.first == null && args.last == null)
    throw new GraphQLError("you must provide one of first or last");
  for (const name of ["first", "last"] as const) {
    const n = args[name];
    if (n != null && (n < 0 || n > MAX_PAGE_SIZE))
      throw new GraphQLError(`The \`${name}\` argument must be between 0 and ${MAX_PAGE_SIZE}.`, {
        extensions: { code: "BAD_REQUEST" },
      });
  }
}

export interface Page<T> {
  items: T[];
  cursors: string[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

/** One page of an already sorted list; `key` gives the [sort value, id] that cursors carry. */
export function paginate<T>(
  list: readonly T[],
  args: PageArgs,
  key: (item: T) => [SortValue, number],
  descending = false,
): Page<T> {
  const cmp = (item: T, c: Cursor) => {
    const [value, id] = key(item);
    if (value !== c.last_value) return value < c.last_value ? -1 : 1;
    return id - c.last_id;
  };
  const firstAfter = (c: Cursor) =>
    lowerBound(list, (item) => (descending ? cmp(item, c) < 0 : cmp(item, c) > 0));
  const firstAtOrAfter = (c: Cursor) =>
    lowerBound(list, (item) => (descending ? cmp(item, c) <= 0 : cmp(item, c) >= 0));
  let start = args.after ? firstAfter(decodeCursor(args.after)) : 0;
  let end = args.before ? firstAtOrAfter(decodeCursor(args.before)) : list.length;
  if (end < start) end = start;
  if (args.first != null) end = Math.min(end, start + args.first);
  if (args.last != null) start = Math.max(start, end - args.last);
  const items = list.slice(start, end);
  return {
    items,
    cursors: items.map((item) => encodeCursor(key(item)[1], key(item)[0])),
    hasNextPage: end < list.length,
    hasPreviousPage: start > 0,
  };
}

function cmpItems<T>(a: T, b: T, key: (item: T) => [SortValue, number]): number {
  const [av, aid] = key(a);
  const [bv, bid] = key(b);
  if (av !== bv) return av < bv ? -1 : 1;
  return aid - bid;
}

/** First index whose item satisfies the (monotone) predicate. */
function lowerBound<T>(list: readonly T[], pred: (item: T) => boolean): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pred(list[mid] as T)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

const cache = new WeakMap<ShopState, Map<string, { version: number; list: CustomerRecord[] }>>();

/** The shop's customers filtered and sorted (cached per shop version, so paging stays cheap). */
export function searchCustomers(
  shop: ShopState,
  query: string | null | undefined,
  sortKey: SortKey,
  reverse: boolean,
): {
  list: readonly CustomerRecord[];
  warnings: SearchWarning[];
  key: (c: CustomerRecord) => [SortValue, number];
} {
  const parsed = parseSearch(query);
  const key = (c: CustomerRecord): [SortValue, number] => [sortValue(c, sortKey), c.id];
  const cacheKey = `${sortKey}|${reverse}|${query ?? ""}`;
  let perShop = cache.get(shop);
  if (!perShop) {
    perShop = new Map();
    cache.set(shop, perShop);
  }
  const hit = perShop.get(cacheKey);
  if (hit && hit.version === shop.version) return { list: hit.list, warnings: parsed.warnings, key };
  let list = parsed.alternatives.length ? shop.customers.filter((c) => matches(c, parsed)) : shop.customers;
  const idOrder = sortKey === "ID" || sortKey === "RELEVANCE";
  if (!idOrder) list = [...list].sort((a, b) => cmpItems(a, b, key));
  if (reverse) list = [...list].reverse();
  if (perShop.size > 16) perShop.clear();
  perShop.set(cacheKey, { version: shop.version, list });
  return { list, warnings: parsed.warnings, key };
}
