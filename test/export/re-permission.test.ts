import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportPageData } from "../../app/export/export-page.server";
import { RE_PERMISSION_COLUMNS } from "../../app/export/re-permission.server";
import { rePermissionExportResponse } from "../../app/http/downloads.server";
import { loader } from "../../app/routes/app.export";
import * as route from "../../app/routes/app.export.re-permission";
import { applySnapshots } from "../../app/sync/apply-snapshots.server";
import { loadTestApp } from "../helpers/app";
import { readCsvText } from "../helpers/cli";
import { OTHER_SHOP_MARKERS, SHOP, seedExportShops, snapshot, subscribed } from "../helpers/export-fixtures";

let app: Awaited<ReturnType<typeof loadTestApp>>;

beforeAll(async () => {
  app = await loadTestApp({ NODE_ENV: "test", DEMO_MODE: "1", DEMO_SHOP: SHOP });
  await seedExportShops(app.db);
  // Marked WhatsApp-subscribed in Shopify (no proof), and subscribed to SMS there: asked by SMS.
  await applySnapshots(app.db, SHOP, [
    snapshot(
      "7",
      { firstName: "Unproven", phone: "+34611000007" },
      { whatsapp: { ...subscribed, collectedFrom: "OTHER" }, sms: subscribed },
    ),
  ]);
});
afterAll(() => app.cleanup());

async function download() {
  const response = await route.loader({
    request: new Request("http://localhost/app/export/re-permission"),
    params: {},
    context: {},
  });
  return { response, body: await response.text() };
}

describe("re-permission list", () => {
  it("holds exactly the SMS-only and email-only contacts, each with only the address they agreed to", async () => {
    const { response, body } = await download();
    expect(response.headers.get("content-disposition")).toMatch(
      /filename="whatsapp-re-permission-demo-coffee-/,
    );
    expect(body.split("\r\n")[0]).toBe(RE_PERMISSION_COLUMNS.join(","));
    const rows = readCsvText(body);
    expect(rows.map((row) => [row.ask_via, row.phone_e164, row.email, row.first_name]).sort()).toEqual([
      ["email", "", "email@example.com", "Email"],
      ["sms", "+34611000004", "", "Sms"],
      ["sms", "+34611000007", "", "Unproven"],
    ]);
    for (const row of rows) expect(row.reasons).toMatch(/SMS_ONLY|EMAIL_ONLY|MISSING_CONSENT_TEXT/);
  });

  it("lists unproven WhatsApp opt-ins to ask by SMS or email, never one with no other consent to ask through", async () => {
    const rows = readCsvText((await download()).body);
    const unproven = await app.db.contact.findMany({
      where: { shop: SHOP, segment: "whatsapp_unsubstantiated" },
      select: { phoneE164: true, shopifySmsState: true },
    });
    // Customer 5 (WhatsApp only, unproven) has nothing but the doubtful consent: in doubt, out.
    expect(unproven.map((contact) => contact.phoneE164).sort()).toEqual(["+34611000005", "+34611000007"]);
    const listed = rows.map((row) => row.phone_e164);
    expect(listed).toContain("+34611000007");
    expect(listed).not.toContain("+34611000005");
  });

  it("never lists a Group A or opted-out contact, nor anyone sharing their phone, nor another shop's", async () => {
    const { body } = await download();
    const listed = new Set(
      readCsvText(body)
        .map((row) => row.phone_e164)
        .filter(Boolean),
    );
    const settled = await app.db.contact.findMany({
      where: {
        shop: SHOP,
        OR: [{ segment: "opted_out" }, { segment: "whatsapp_substantiated", reasons: "" }],
      },
    });
    expect(settled.map((contact) => contact.phoneE164).sort()).toEqual([
      "+34611000001",
      "+34611000002",
      "+34611000003",
    ]);
    for (const contact of settled) expect(listed.has(contact.phoneE164 ?? "")).toBe(false);
    // The SMS-only records sharing those phones exist, and are left out on purpose.
    expect(
      await app.db.contact.count({
        where: { shop: SHOP, segment: "sms_only", phoneE164: { in: ["+34611000001", "+34611000003"] } },
      }),
    ).toBe(2);
    for (const marker of OTHER_SHOP_MARKERS) expect(body).not.toContain(marker);
  });

  it("logs the export with who asked, the row count and the file's sha256", async () => {
    const { body } = await download();
    const log = await app.db.exportLog.findFirstOrThrow({
      where: { shop: SHOP, kind: "re_permission" },
      orderBy: { createdAt: "desc" },
    });
    expect(log).toMatchObject({ rows: 3, requestedBy: "demo", status: "completed" });
    expect(log.sha256).toBe(createHash("sha256").update(body).digest("hex"));
  });

  it("feeds the export page: counts from the database and the export history", async () => {
    await download();
    const data = await loader({
      request: new Request("http://localhost/app/export"),
      params: {},
      context: {},
    });
    expect(data.groupA).toBe(2);
    // Segment sizes; the file leaves out the two records sharing a settled phone.
    expect(data.rePermission).toEqual({ smsOnly: 3, emailOnly: 1, whatsappUnproven: 2 });
    expect(data.history[0]).toMatchObject({
      kind: "re_permission",
      rows: 3,
      requestedBy: "demo",
      status: "completed",
    });
    expect(data.history[0]?.at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  });
});

const BIG_SHOP = "big-list.myshopify.com";

/** SMS-only contacts with a phone and an email each: the lookups per page carry thousands of keys. */
async function seedSmsOnly(count: number) {
  await app.db.shop.create({ data: { domain: BIG_SHOP } });
  await app.db.contact.createMany({
    data: Array.from({ length: count }, (_, index) => ({
      shop: BIG_SHOP,
      phoneE164: `+3465${String(index).padStart(7, "0")}`,
      email: `shopper${index}@example.com`,
      segment: "sms_only",
      reasons: "NO_WHATSAPP_OPT_IN;SMS_ONLY",
    })),
  });
}

describe("re-permission list of a store with thousands of SMS-only contacts", () => {
  const COUNT = 4500;
  beforeAll(() => seedSmsOnly(COUNT));

  it("holds every one of them (a page's lookups once went over the database's parameter limit at ~500)", async () => {
    const response = rePermissionExportResponse(app.db, BIG_SHOP, "demo");
    const rows = readCsvText(await response.text());
    expect(rows).toHaveLength(COUNT);
    expect(new Set(rows.map((row) => row.phone_e164)).size).toBe(COUNT);
    const log = await app.db.exportLog.findFirstOrThrow({ where: { shop: BIG_SHOP } });
    expect(log).toMatchObject({ rows: COUNT, status: "completed" });
  });

  it("a database failure after the first byte aborts the download, appends nothing and logs the failure", async () => {
    const reader = rePermissionExportResponse(app.db, BIG_SHOP, "demo").body?.getReader();
    if (!reader) throw new Error("no body");
    const decoder = new TextDecoder();
    let received = "";
    // The header and the first rows are on their way when the database goes away.
    while (readCsvText(received).length === 0) {
      const chunk = await reader.read();
      if (chunk.done) throw new Error("ended before any row");
      received += decoder.decode(chunk.value, { stream: true });
    }
    await app.db.$executeRawUnsafe('ALTER TABLE "Contact" RENAME TO "ContactAway"');
    let failure: unknown = null;
    try {
      for (;;) {
        const chunk = await reader.read();
        if (chunk.done) break;
        received += decoder.decode(chunk.value, { stream: true });
      }
    } catch (error) {
      failure = error;
    } finally {
      await app.db.$executeRawUnsafe('ALTER TABLE "ContactAway" RENAME TO "Contact"');
    }
    // The stream errored rather than ending: the server cuts the connection, the client sees it incomplete.
    expect(failure).not.toBeNull();
    const rows = readCsvText(received);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(COUNT);
    expect(received.endsWith("\r\n")).toBe(true);
    expect(received).not.toMatch(/error|<html|stack|prisma/i);
    const failed = await app.db.exportLog.findFirstOrThrow({
      where: { shop: BIG_SHOP, status: "failed" },
    });
    expect(failed.rows).toBe(rows.length);
    expect(failed.sha256).toBe(createHash("sha256").update(received).digest("hex"));
    const page = await exportPageData(app.db, BIG_SHOP);
    expect(page.history[0]).toMatchObject({ kind: "re_permission", status: "failed" });
  });
});
