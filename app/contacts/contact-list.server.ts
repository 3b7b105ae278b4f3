/**
 * One page of the contacts list, filtered, searched and sorted in SQL and
 * paged by keyset (the last row's sort value and id), never OFFSET: page
 * 20,000 costs what page 1 costs. Every filter has an index that starts with
 * the shop (see Contact in prisma/schema.prisma).
 *
 * Nullable sort columns (decidedAt) count NULL as the smallest value, the way
 * SQLite's indexes store it; a page may span the non-null and the null run,
 * each read as its own index range.
 */
import type { Database } from "../db.server";
import { join, raw, type Sql, sql } from "../generated/prisma/internal/prismaNamespace";
import {
  type ContactCursor,
  type ContactListQuery,
  type ContactSort,
  encodeCursor,
  PAGE_SIZE,
} from "./contact-list-query";
import { searchArms, searchCondition } from "./contact-search.server";
import { reasonCombinations } from "./reason-combinations.server";

export interface ContactListRow {
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  segment: string;
  reasons: string[];
  source: string | null;
  decidedAt: string | null;
  createdAt: string;
}

export interface ContactListPage {
  rows: ContactListRow[];
  /** How many contacts match, counted exactly up to COUNT_CAP; `capped` when there are more. */
  total: { count: number; capped: boolean };
  /** Cursors of the neighbouring pages, null at either end. */
  next: string | null;
  previous: string | null;
}

interface SortSpec {
  column: "decidedAt" | "createdAt";
  nullable: boolean;
  descending: boolean;
}

const SORTS: Record<ContactSort, SortSpec> = {
  decided_desc: { column: "decidedAt", nullable: true, descending: true },
  decided_asc: { column: "decidedAt", nullable: true, descending: false },
  added_desc: { column: "createdAt", nullable: false, descending: true },
  added_asc: { column: "createdAt", nullable: false, descending: false },
};

interface RawRow {
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phoneE164: string | null;
  phoneRaw: string | null;
  segment: string;
  reasons: string;
  evidenceSourceKind: string | null;
  decidedAt: Date | null;
  createdAt: Date;
}

export async function listContacts(
  db: Database,
  shop: string,
  query: ContactListQuery,
): Promise<ContactListPage> {
  const none = { rows: [], total: { count: 0, capped: false }, next: null, previous: null };
  const filters = await filterConditions(db, shop, query);
  if (filters === null) return none;
  const source = query.q ? await searchSource(db, shop, query.q) : CONTACTS;
  if (source === null) return none;
  const spec = SORTS[query.sort];
  const backward = query.before !== undefined;
  const cursor = query.before ?? query.after ?? null;
  // One extra row tells whether another page follows in the reading direction.
  const [fetched, total] = await Promise.all([
    readInOrder(db, source, filters, spec, cursor, backward, PAGE_SIZE + 1),
    countMatches(db, source, filters),
  ]);
  const more = fetched.length > PAGE_SIZE;
  const page = fetched.slice(0, PAGE_SIZE);
  if (backward) page.reverse();
  const first = page[0];
  const last = page[page.length - 1];
  const cursorOf = (row: RawRow) =>
    encodeCursor({ value: row[spec.column]?.toISOString() ?? null, id: row.id });
  const hasNext = backward ? true : more;
  const hasPrevious = backward ? more : cursor !== null;
  return {
    rows: page.map(listRow),
    total,
    next: hasNext && last ? cursorOf(last) : null,
    previous: hasPrevious && first ? cursorOf(first) : null,
  };
}

function listRow(row: RawRow): ContactListRow {
  return {
    id: row.id,
    firstName: row.firstName,
    lastName: row.lastName,
    email: row.email,
    phone: row.phoneE164 ?? row.phoneRaw,
    segment: row.segment,
    reasons: row.reasons ? row.reasons.split(";") : [],
    source: row.evidenceSourceKind,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The WHERE terms of the filters and search; null when nothing can match. */
async function filterConditions(db: Database, shop: string, query: ContactListQuery): Promise<Sql[] | null> {
  const terms: Sql[] = [sql`"shop" = ${shop}`, sql`"redactedAt" IS NULL`];
  if (query.segment) terms.push(sql`"segment" = ${query.segment}`);
  if (query.source) terms.push(sql`"evidenceSourceKind" = ${query.source}`);
  if (query.reason) {
    const reason = query.reason;
    // Reasons are stored as one ";"-joined string; a shop has few distinct
    // combinations, so "carries reason X" becomes an indexed IN over them.
    const combos = (await reasonCombinations(db, shop)).filter((combo) => combo.split(";").includes(reason));
    if (combos.length === 0) return null;
    terms.push(sql`"reasons" IN (${join(combos)})`);
  }
  if (query.from) terms.push(sql`"decidedAt" >= ${new Date(`${query.from}T00:00:00.000Z`)}`);
  if (query.to) terms.push(sql`"decidedAt" < ${nextDay(query.to)}`);
  return terms;
}

const CONTACTS = { from: sql`"Contact"`, where: null };

/** Up to this many matches, a search is read through its own indexes first. */
const SEARCH_ID_LIMIT = 5000;

/**
 * What a searched page reads from. A search that matches few contacts must
 * be read through its own indexes, not by walking the sort order until a page
 * fills up (which reads the whole shop when nothing matches): the matches
 * (one SELECT per alternative, so each uses its own index; an OR would not)
 * drive a join and only they are sorted. When there are many, they are dense
 * in any order, and the plain condition on the sorted walk is cheap.
 * Null when nothing matches.
 */
async function searchSource(
  db: Database,
  shop: string,
  q: string,
): Promise<{ from: Sql; where: Sql | null } | null> {
  const arms = searchArms(q).map(
    (arm) => sql`SELECT "id" AS "matchId" FROM "Contact" WHERE "shop" = ${shop} AND ${arm}`,
  );
  // Counting through UNION ALL streams and stops at the limit; UNION would read every match to drop duplicates.
  const [found] = await db.$queryRaw<{ count: bigint | number }[]>`
    SELECT COUNT(*) AS "count" FROM (${join(arms, " UNION ALL ")} LIMIT ${SEARCH_ID_LIMIT + 1}) AS "m"`;
  const count = Number(found?.count ?? 0);
  if (count === 0) return null;
  if (count > SEARCH_ID_LIMIT) return { from: CONTACTS.from, where: searchCondition(q) };
  // CROSS JOIN makes SQLite read the matches first (it keeps that join order),
  // rather than walk the sort index probing them; for PostgreSQL it is a plain join.
  return {
    from: sql`(${join(arms, " UNION ")}) AS "m" CROSS JOIN "Contact"`,
    where: sql`"Contact"."id" = "m"."matchId"`,
  };
}

/** Past this many matches the page says "10,000+": counting further would read the whole shop. */
export const COUNT_CAP = 10_000;

async function countMatches(
  db: Database,
  source: { from: Sql; where: Sql | null },
  filters: Sql[],
): Promise<{ count: number; capped: boolean }> {
  const where = join([...filters, ...(source.where ? [source.where] : [])], " AND ");
  const [row] = await db.$queryRaw<{ count: bigint | number }[]>`
    SELECT COUNT(*) AS "count" FROM (SELECT 1 FROM ${source.from} WHERE ${where} LIMIT ${COUNT_CAP + 1}) AS "c"`;
  const count = Number(row?.count ?? 0);
  return count > COUNT_CAP ? { count: COUNT_CAP, capped: true } : { count, capped: false };
}

function nextDay(day: string): Date {
  const date = new Date(`${day}T00:00:00.000Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date;
}

/** A stretch of the list that one index range reads: the non-null values, or the NULL run. */
interface Run {
  where: Sql;
  order: Sql;
}

/**
 * The runs to read after the cursor, in reading order. Reading backward is
 * reading forward in the opposite direction.
 */
function runsAfter(spec: SortSpec, cursor: ContactCursor | null, backward: boolean): Run[] {
  const descending = spec.descending !== backward;
  const column = raw(`"${spec.column}"`);
  const direction = raw(descending ? "DESC" : "ASC");
  const byValue = sql`${column} ${direction}, "id" ${direction}`;
  const byId = sql`"id" ${direction}`;
  const valueRun = (where: Sql): Run => ({ where, order: byValue });
  const nullRun = (where: Sql): Run => ({ where, order: byId });
  const notNull = sql`${column} IS NOT NULL`;
  const isNull = sql`${column} IS NULL`;
  const compare = raw(descending ? "<" : ">");
  if (!spec.nullable) {
    // A cursor without a value cannot come from this sort: read from the start.
    if (!cursor || cursor.value === null) return [valueRun(sql`1 = 1`)];
    return [valueRun(sql`(${column}, "id") ${compare} (${new Date(cursor.value)}, ${cursor.id})`)];
  }
  if (descending) {
    // Values from high to low, then the NULL run.
    if (!cursor) return [valueRun(notNull), nullRun(isNull)];
    if (cursor.value === null) return [nullRun(sql`${isNull} AND "id" < ${cursor.id}`)];
    const value = new Date(cursor.value);
    return [valueRun(sql`(${column}, "id") < (${value}, ${cursor.id})`), nullRun(isNull)];
  }
  // Ascending: the NULL run first, then values from low to high.
  if (!cursor) return [nullRun(isNull), valueRun(notNull)];
  if (cursor.value !== null)
    return [valueRun(sql`(${column}, "id") > (${new Date(cursor.value)}, ${cursor.id})`)];
  return [nullRun(sql`${isNull} AND "id" > ${cursor.id}`), valueRun(notNull)];
}

const COLUMNS = sql`"id", "firstName", "lastName", "email", "phoneE164", "phoneRaw", "segment", "reasons",
  "evidenceSourceKind", "decidedAt", "createdAt"`;

async function readInOrder(
  db: Database,
  source: { from: Sql; where: Sql | null },
  filters: Sql[],
  spec: SortSpec,
  cursor: ContactCursor | null,
  backward: boolean,
  limit: number,
): Promise<RawRow[]> {
  const rows: RawRow[] = [];
  for (const run of runsAfter(spec, cursor, backward)) {
    const wanted = limit - rows.length;
    if (wanted <= 0) break;
    const where = join([...filters, ...(source.where ? [source.where] : []), run.where], " AND ");
    const page = sql`SELECT ${COLUMNS} FROM ${source.from} WHERE ${where} ORDER BY ${run.order} LIMIT ${wanted}`;
    rows.push(...(await db.$queryRaw<RawRow[]>(page)));
  }
  return rows;
}
