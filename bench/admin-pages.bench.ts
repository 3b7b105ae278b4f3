/**
 * Server time of the admin pages at a million contacts (BENCH_CONTACTS to
 * change; 5% as many for a second shop that must not slow the first down).
 * Times the functions the loaders call: the overview's data, contacts pages
 * (first, filtered, searched, deep in the list by cursor, going back) and a
 * contact's detail. Median of BENCH_RUNS runs after one warm-up. Target: < 300 ms each.
 * The database is kept in bench/tmp and reused when it already has the rows
 * (BENCH_REFILL=1 to rebuild).
 */
import { existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { loadDashboard } from "../app/admin/dashboard.server";
import { contactDetail } from "../app/contacts/contact-detail.server";
import { listContacts } from "../app/contacts/contact-list.server";
import { ContactListQuery, encodeCursor } from "../app/contacts/contact-list-query";
import { createDatabase } from "../app/db/client.server";
import { applyMigrations } from "../app/db/migrate.server";
import { fillContacts, withIndexesDeferred } from "./fill-contacts";

const count = Number(process.env.BENCH_CONTACTS ?? 1_000_000);
const runs = Number(process.env.BENCH_RUNS ?? 5);
const SHOP = "bench-admin.myshopify.com";
const OTHER = "bench-other.myshopify.com";
const dir = path.resolve("bench/tmp");
mkdirSync(dir, { recursive: true });
const file = path.join(dir, `admin-${count}.sqlite`);
const url = `file:${file}`;
// The dashboard reads the database kind from DATABASE_URL (on first use, after this line).
process.env.DATABASE_URL = url;

if (process.env.BENCH_REFILL === "1" || !existsSync(file)) {
  rmSync(file, { force: true });
  await applyMigrations({ url });
  const filling = createDatabase(url);
  const started = performance.now();
  await withIndexesDeferred(filling, async () => {
    await fillContacts(filling, SHOP, count, 1);
    await fillContacts(filling, OTHER, Math.ceil(count / 20), 2);
  });
  console.log(
    `filled ${count} + ${Math.ceil(count / 20)} contacts in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  await filling.$disconnect();
}

const db = createDatabase(url);

const list = (params: Record<string, string>) => listContacts(db, SHOP, ContactListQuery.parse(params));

/** A cursor half-way down the default sort, as if the merchant had clicked "next" thousands of times. */
const middle = await db.contact.findMany({
  where: { shop: SHOP },
  orderBy: [{ decidedAt: "desc" }, { id: "desc" }],
  skip: Math.floor(count * 0.1),
  take: 1,
  select: { id: true, decidedAt: true },
});
const deepDated = encodeCursor({
  value: middle[0]?.decidedAt?.toISOString() ?? null,
  id: middle[0]?.id ?? "",
});
const deepNull = await db.contact.findFirstOrThrow({
  where: { shop: SHOP, decidedAt: null },
  orderBy: { id: "desc" },
  skip: Math.floor(count * 0.3),
});
const deepUndated = encodeCursor({ value: null, id: deepNull.id });
const detailId = (
  await db.contact.findFirstOrThrow({ where: { shop: SHOP, evidenceEventId: { not: null } }, skip: 1000 })
).id;

const cases: [string, () => Promise<unknown>][] = [
  ["overview (dashboard data)", () => loadDashboard(db, SHOP)],
  ["contacts: first page", () => list({})],
  ["contacts: segment sms_only", () => list({ segment: "sms_only" })],
  ["contacts: reason MISSING_TIMESTAMP", () => list({ reason: "MISSING_TIMESTAMP" })],
  ["contacts: reason DUPLICATE, oldest first", () => list({ reason: "DUPLICATE", sort: "decided_asc" })],
  ["contacts: source checkout", () => list({ source: "checkout" })],
  ["contacts: decided 2026-03-01..2026-03-31", () => list({ from: "2026-03-01", to: "2026-03-31" })],
  [
    "contacts: segment + source + dates",
    () => list({ segment: "opted_out", source: "whatsapp_reply", from: "2025-06-01", to: "2026-06-30" }),
  ],
  ["contacts: search phone +3461000", () => list({ q: "+3461000" })],
  ["contacts: search email marta.12", () => list({ q: "marta.12" })],
  ["contacts: search name 'gar'", () => list({ q: "gar" })],
  ["contacts: search name 'Ana Gar'", () => list({ q: "Ana Gar" })],
  ["contacts: deep page (10% down, dated)", () => list({ after: deepDated })],
  ["contacts: deep page (undated run)", () => list({ after: deepUndated })],
  ["contacts: deep page backward", () => list({ before: deepUndated })],
  ["contacts: added oldest first", () => list({ sort: "added_asc" })],
  ["contact detail", () => contactDetail(db, SHOP, detailId)],
];

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

console.log(`admin pages on ${count.toLocaleString("en")} contacts, median of ${runs} runs`);
let worst = 0;
for (const [name, run] of cases) {
  await run();
  const times: number[] = [];
  const cpu: number[] = [];
  for (let index = 0; index < runs; index++) {
    const started = performance.now();
    const cpuStart = process.cpuUsage();
    await run();
    times.push(performance.now() - started);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  const ms = median(times);
  worst = Math.max(worst, ms);
  // CPU time (SQLite runs in this process) says what a busy shared machine adds as waiting.
  console.log(
    `${name.padEnd(44)} ${ms.toFixed(1).padStart(8)} ms  (cpu ${median(cpu).toFixed(1)} ms)${ms > 300 ? "  over 300 ms" : ""}`,
  );
}
console.log(`slowest: ${worst.toFixed(1)} ms (target < 300 ms)`);
await db.$disconnect();
