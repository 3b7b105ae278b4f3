/**
 * Every export of a 100,000-contact store with every segment present, on the
 * suite's database (SQLite by default, PostgreSQL with
 * TEST_DATABASE=postgresql): each download holds exactly the contacts it
 * must, however many lookups its pages make. Prints how long each took.
 */
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GROUP_A_COLUMNS } from "../../app/consent/clean-export";
import { RE_PERMISSION_COLUMNS } from "../../app/export/re-permission.server";
import { loadTestApp } from "../helpers/app";
import { readCsvText } from "../helpers/cli";
import { testDatabaseKind } from "../helpers/database";
import { LARGE_TEXT, type LargeShopExpectations, seedLargeShop } from "../helpers/large-shop";

const CONTACTS = 100_000;
const SHOP = "bulk-beans.myshopify.com";
let app: Awaited<ReturnType<typeof loadTestApp>>;
let expected: LargeShopExpectations;
const timings: string[] = [];

beforeAll(async () => {
  app = await loadTestApp({ NODE_ENV: "test", DEMO_MODE: "1", DEMO_SHOP: SHOP });
  const started = performance.now();
  expected = await seedLargeShop(app.db, SHOP, CONTACTS);
  timings.push(`seeded ${CONTACTS} contacts in ${seconds(started)}`);
}, 600_000);
afterAll(async () => {
  console.log(`[exports at ${CONTACTS} on ${testDatabaseKind()}] ${timings.join("; ")}`);
  await app?.cleanup();
});

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

async function download(route: string, path: string) {
  const { loader } = await import(`../../app/routes/${route}.tsx`);
  const started = performance.now();
  const response: Response = await loader({
    request: new Request(`http://localhost${path}`),
    params: {},
    context: {},
  });
  const bytes = new Uint8Array(await response.arrayBuffer());
  timings.push(`${route}: ${seconds(started)}, ${(bytes.length / 1024 / 1024).toFixed(1)} MB`);
  return bytes;
}

describe(`exports of a ${CONTACTS.toLocaleString("en-US")}-contact store`, () => {
  it("seeds every segment", async () => {
    const groups = await app.db.contact.groupBy({
      by: ["segment"],
      where: { shop: SHOP },
      _count: { _all: true },
    });
    const counts = Object.fromEntries(groups.map((group) => [group.segment, group._count._all]));
    expect(counts).toEqual(expected.segments);
    expect(Object.keys(counts).sort()).toEqual([
      "email_only",
      "opted_out",
      "sms_only",
      "unclear",
      "whatsapp_substantiated",
      "whatsapp_unsubstantiated",
    ]);
  });

  it("Group A CSV: every exportable contact once, with the wording its event committed to", async () => {
    const rows = readCsvText(strFromU8(await download("app.export.group-a", "/app/export/group-a")));
    expect(rows).toHaveLength(expected.groupA);
    expect(Object.keys(rows[0] ?? {})).toEqual([...GROUP_A_COLUMNS]);
    expect(new Set(rows.map((row) => row.phone_e164)).size).toBe(expected.groupA);
    expect(rows.every((row) => row.consent_text === LARGE_TEXT)).toBe(true);
    const log = await app.db.exportLog.findFirstOrThrow({ where: { shop: SHOP, kind: "group_a" } });
    expect(log).toMatchObject({ rows: expected.groupA, status: "completed" });
  }, 300_000);

  it("re-permission CSV: SMS-only, email-only and unproven WhatsApp contacts reachable by SMS, none sharing a settled phone", async () => {
    const rows = readCsvText(
      strFromU8(await download("app.export.re-permission", "/app/export/re-permission")),
    );
    expect(Object.keys(rows[0] ?? {})).toEqual([...RE_PERMISSION_COLUMNS]);
    expect(rows).toHaveLength(expected.rePermission);
    const settled = new Set(
      (
        await app.db.contact.findMany({
          where: {
            shop: SHOP,
            OR: [{ segment: "opted_out" }, { segment: "whatsapp_substantiated", reasons: "" }],
          },
          select: { phoneE164: true },
        })
      ).map((contact) => contact.phoneE164),
    );
    for (const row of rows) expect(settled.has(row.phone_e164 ?? "")).toBe(false);
    expect(rows.filter((row) => row.reasons?.includes("MISSING_CONSENT_TEXT")).length).toBe(CONTACTS / 20);
  }, 300_000);

  it("evidence pack: the Group A CSV inside is whole and the ledger verifies", async () => {
    const files = unzipSync(await download("app.export.evidence-pack", "/app/export/evidence-pack"));
    const groupA = readCsvText(strFromU8(files["group-a.csv"] as Uint8Array));
    expect(groupA).toHaveLength(expected.groupA);
    const ledger = JSON.parse(strFromU8(files["ledger-verification.json"] as Uint8Array));
    expect(ledger).toMatchObject({ ok: true, eventCount: expected.events, headMatchesStored: true });
    expect(ledger.witness).toMatchObject({ shop: SHOP, seq: expected.events });
  }, 600_000);
});
