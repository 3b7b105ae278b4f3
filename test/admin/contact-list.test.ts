/**
 * The contacts list on a real migrated SQLite database: whatever the filters,
 * search and sort, paging forward (or backward) through every page returns
 * exactly the matching contacts of the shop, in order, with no gap and no
 * duplicate; another shop's contacts never appear.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REASON_CODES, SEGMENTS, SOURCE_KINDS } from "../../app/consent/types";
import { listContacts } from "../../app/contacts/contact-list.server";
import { ContactListQuery, type ContactSort } from "../../app/contacts/contact-list-query";
import { searchKind } from "../../app/contacts/contact-search.server";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { insertContacts, OTHER_SHOP, type SeedContact, SHOP, seedContacts } from "./contact-seed";

let testDb: TestDatabase;
const contacts = seedContacts(260, SHOP, 1);
const others = seedContacts(60, OTHER_SHOP, 2);

beforeAll(async () => {
  testDb = await createTestDatabase();
  await insertContacts(testDb.db, [...contacts, ...others]);
});
afterAll(() => testDb.cleanup());

type Params = Record<string, string>;

/** What the list must show, computed in plain JavaScript from the seed. */
function expected(params: Params): string[] {
  const query = ContactListQuery.parse(params);
  const matches = contacts.filter((contact) => {
    if (query.segment && contact.segment !== query.segment) return false;
    if (query.source && contact.evidenceSourceKind !== query.source) return false;
    if (query.reason && !contact.reasons.split(";").includes(query.reason)) return false;
    const day = contact.decidedAt?.toISOString().slice(0, 10);
    if (query.from && !(day && day >= query.from)) return false;
    if (query.to && !(day && day <= query.to)) return false;
    if (query.q && !searchMatches(contact, query.q)) return false;
    return true;
  });
  const column = query.sort.startsWith("decided") ? "decidedAt" : "createdAt";
  const key = (contact: SeedContact) => contact[column]?.getTime() ?? Number.NEGATIVE_INFINITY;
  matches.sort((a, b) => key(a) - key(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (query.sort.endsWith("desc")) matches.reverse();
  return matches.map((contact) => contact.id);
}

function searchMatches(contact: SeedContact, q: string): boolean {
  const kind = searchKind(q);
  if (kind === "phone") return contact.phoneE164?.startsWith(`+${q.replace(/\D/g, "")}`) ?? false;
  if (kind === "email") return contact.email?.startsWith(q.toLowerCase()) ?? false;
  const cap = (word: string) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
  const starts = (value: string | null, text: string) =>
    [text, text.toLowerCase(), cap(text)].some((variant) => value?.startsWith(variant) ?? false);
  if (starts(contact.firstName, q) || starts(contact.lastName, q)) return true;
  if (contact.email?.startsWith(q.toLowerCase())) return true;
  const [first = "", ...rest] = q.split(/\s+/);
  const exactly = (value: string | null, text: string) =>
    [text, text.toLowerCase(), cap(text)].some((variant) => value === variant);
  return rest.length > 0 && exactly(contact.firstName, first) && starts(contact.lastName, rest.join(" "));
}

async function page(params: Params) {
  return listContacts(testDb.db, SHOP, ContactListQuery.parse(params));
}

/** Every page, following "next" from the first page. */
async function walkForward(params: Params): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const result = await page(after ? { ...params, after } : params);
    ids.push(...result.rows.map((row) => row.id));
    if (!result.next) return ids;
    after = result.next;
  }
  throw new Error("no last page");
}

/** From the last page back to the first, following "previous". */
async function walkBackward(params: Params): Promise<string[]> {
  let result = await page(params);
  while (result.next) result = await page({ ...params, after: result.next });
  const pages = [result.rows.map((row) => row.id)];
  while (result.previous) {
    result = await page({ ...params, before: result.previous });
    pages.unshift(result.rows.map((row) => row.id));
  }
  return pages.flat();
}

/** Mostly absent: most generated queries keep enough rows to span several pages. */
function sometimes<T>(values: readonly T[]) {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom(...values) },
  );
}

const filterParams = fc
  .record({
    segment: sometimes(SEGMENTS),
    reason: sometimes(REASON_CODES),
    source: sometimes(SOURCE_KINDS),
    from: sometimes(["2026-01-01", "2026-01-04", "2026-01-09"]),
    to: sometimes(["2026-01-09", "2026-01-11"]),
    q: sometimes(["+3461", "34610000", "ana", "GAR", "Ana Gar", "user1", "user12@"]),
    sort: fc.constantFrom<ContactSort>("decided_desc", "decided_asc", "added_desc", "added_asc"),
  })
  .map(
    (record) =>
      Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as Params,
  );

describe("contacts list", () => {
  it("pages through all matching contacts forward and backward, in order, without gaps or duplicates", async () => {
    await fc.assert(
      fc.asyncProperty(filterParams, async (params) => {
        if (params.from && params.to && params.from > params.to) return;
        const want = expected(params);
        expect(await walkForward(params)).toEqual(want);
        expect(await walkBackward(params)).toEqual(want);
      }),
      { numRuns: 60 },
    );
  });

  it("spans the NULL decision times and the dated ones in one walk", async () => {
    for (const sort of ["decided_desc", "decided_asc"]) {
      const ids = await walkForward({ sort });
      expect(ids).toHaveLength(contacts.length);
      expect(ids).toEqual(expected({ sort }));
    }
  });

  it("never shows another shop's contacts", async () => {
    const ids = new Set(await walkForward({}));
    expect(ids.size).toBe(contacts.length);
    for (const other of others) expect(ids.has(other.id)).toBe(false);
    const result = await listContacts(testDb.db, OTHER_SHOP, ContactListQuery.parse({}));
    expect(result.rows.every((row) => row.id.startsWith("c2-"))).toBe(true);
  });

  it("finds contacts by phone, email and name prefix", async () => {
    const target = contacts.find(
      (contact) => contact.phoneE164 && contact.email && contact.firstName,
    ) as SeedContact;
    expect((await page({ q: target.phoneE164 as string })).rows.map((row) => row.id)).toEqual([target.id]);
    expect((await page({ q: (target.email as string).toUpperCase() })).rows.map((row) => row.id)).toContain(
      target.id,
    );
    const ana = await walkForward({ q: "ana" });
    expect(ana.length).toBeGreaterThan(0);
    expect(ana).toEqual(expected({ q: "ana" }));
  });

  it("returns an empty page for a reason no contact carries", async () => {
    expect((await page({ reason: "INVALID_PHONE" })).rows).toEqual([]);
  });
});
