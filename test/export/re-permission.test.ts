import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RE_PERMISSION_COLUMNS } from "../../app/export/re-permission.server";
import { loadTestApp } from "../helpers/app";
import { readCsvText } from "../helpers/cli";
import { OTHER_SHOP_MARKERS, SHOP, seedExportShops } from "../helpers/export-fixtures";

let app: Awaited<ReturnType<typeof loadTestApp>>;
let route: typeof import("../../app/routes/app.export.re-permission");

beforeAll(async () => {
  app = await loadTestApp({ NODE_ENV: "test", DEMO_MODE: "1", DEMO_SHOP: SHOP });
  route = await import("../../app/routes/app.export.re-permission");
  await seedExportShops(app.db);
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
    ]);
    for (const row of rows) expect(row.reasons).toMatch(/SMS_ONLY|EMAIL_ONLY/);
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
    expect(log).toMatchObject({ rows: 2, requestedBy: "demo" });
    expect(log.sha256).toBe(createHash("sha256").update(body).digest("hex"));
  });

  it("feeds the export page: counts from the database and the export history", async () => {
    const { loader } = await import("../../app/routes/app.export");
    await download();
    const data = await loader({
      request: new Request("http://localhost/app/export"),
      params: {},
      context: {},
    });
    expect(data.groupA).toBe(2);
    // Segment sizes; the file leaves out the two records sharing a settled phone.
    expect(data.rePermission).toEqual({ smsOnly: 3, emailOnly: 1 });
    expect(data.history[0]).toMatchObject({ kind: "re_permission", rows: 2, requestedBy: "demo" });
    expect(data.history[0]?.at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  });
});
