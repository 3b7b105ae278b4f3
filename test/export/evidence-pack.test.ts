import { createHash } from "node:crypto";
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GROUP_A_COLUMNS } from "../../app/consent/clean-export";
import { writeEvidencePack } from "../../app/export/evidence-pack.server";
import * as ledger from "../../app/ledger/consent-events.server";
import * as route from "../../app/routes/app.export.evidence-pack";
import { loadTestApp } from "../helpers/app";
import { readCsvText } from "../helpers/cli";
import { OTHER_SHOP_MARKERS, SHOP, seedExportShops, TEXT } from "../helpers/export-fixtures";

let app: Awaited<ReturnType<typeof loadTestApp>>;
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

beforeAll(async () => {
  app = await loadTestApp({ NODE_ENV: "test", DEMO_MODE: "1", DEMO_SHOP: SHOP });
  await seedExportShops(app.db);
});
afterAll(() => app.cleanup());

async function downloadPack(query = "") {
  const response = await route.loader({
    request: new Request(`http://localhost/app/export/evidence-pack${query}`),
    params: {},
    context: {},
  });
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { response, bytes };
}

function filesOf(bytes: Uint8Array): Record<string, string> {
  return Object.fromEntries(Object.entries(unzipSync(bytes)).map(([name, data]) => [name, strFromU8(data)]));
}

async function groupAPhones() {
  const contacts = await app.db.contact.findMany({
    where: { shop: SHOP, segment: "whatsapp_substantiated", reasons: "" },
    select: { phoneE164: true },
  });
  return contacts.map((contact) => contact.phoneE164).sort();
}

describe("evidence pack", () => {
  it("unzips into the Group A CSV, the texts, one page per source, the double opt-in log and a verified ledger", async () => {
    const { response, bytes } = await downloadPack();
    expect(response.headers.get("content-type")).toBe("application/zip");
    expect(response.headers.get("content-disposition")).toMatch(
      /filename="whatsapp-evidence-pack-demo-coffee-/,
    );
    const files = filesOf(bytes);
    expect(Object.keys(files).sort()).toEqual([
      "README.md",
      "SHA256SUMS",
      "capture-sources/shopify_sync.md",
      "capture-sources/storefront_block.md",
      "capture-sources/whatsapp_reply.md",
      "consent-texts.md",
      "double-opt-in/codes.csv",
      "double-opt-in/confirmations.csv",
      "group-a.csv",
      "ledger-verification.json",
    ]);

    const csv = files["group-a.csv"] ?? "";
    expect(csv.split("\r\n")[0]).toBe(GROUP_A_COLUMNS.join(","));
    const rows = readCsvText(csv);
    expect(rows.map((row) => row.phone_e164).sort()).toEqual(await groupAPhones());
    expect(rows.map((row) => row.phone_e164).sort()).toEqual(["+34611000001", "+34611000002"]);
    expect(rows.find((row) => row.phone_e164 === "+34611000002")?.opt_in_level).toBe("confirmed");

    const report = JSON.parse(files["ledger-verification.json"] ?? "{}");
    const verified = await ledger.verifyShopLedger(app.db, SHOP);
    expect(verified.ok).toBe(true);
    expect(report).toMatchObject({
      shop: SHOP,
      ok: true,
      head: verified.head,
      eventCount: verified.eventCount,
      firstBreak: null,
      headMatchesStored: true,
    });

    expect(files["consent-texts.md"]).toContain(TEXT);
    expect(files["capture-sources/storefront_block.md"]).toMatch(/Mechanism: checkbox/);
    const confirmations = readCsvText(files["double-opt-in/confirmations.csv"] ?? "");
    expect(confirmations).toHaveLength(1);
    expect(confirmations[0]).toMatchObject({ source_kind: "whatsapp_reply", opt_in_level: "confirmed" });
    const codes = readCsvText(files["double-opt-in/codes.csv"] ?? "");
    expect(codes.filter((code) => code.used_at !== "")).toHaveLength(1);
    for (const name of [
      "group-a.csv",
      "consent-texts.md",
      "double-opt-in/codes.csv",
      "ledger-verification.json",
    ]) {
      expect(files["README.md"]).toContain(name);
    }
  });

  it("lists a checksum for every file and logs the ZIP's sha256", async () => {
    expect((await downloadPack("?names=yes")).response.status).toBe(400);
    const { bytes } = await downloadPack("?names=0");
    const entries = unzipSync(bytes);
    const sums = strFromU8(entries.SHA256SUMS ?? new Uint8Array())
      .trim()
      .split("\n");
    expect(sums).toHaveLength(Object.keys(entries).length - 1);
    for (const line of sums) {
      const [hash, name] = line.split("  ");
      expect(sha256(entries[name ?? ""] ?? new Uint8Array())).toBe(hash);
    }
    const log = await app.db.exportLog.findFirstOrThrow({
      where: { shop: SHOP, kind: "evidence_pack" },
      orderBy: { createdAt: "desc" },
    });
    expect(log).toMatchObject({ rows: 2, requestedBy: "demo", options: "without_names" });
    expect(log.sha256).toBe(sha256(bytes));
    expect(
      readCsvText(strFromU8(entries["group-a.csv"] ?? new Uint8Array())).every((row) => row.email === ""),
    ).toBe(true);
  });

  it("never contains another shop's data", async () => {
    const files = filesOf((await downloadPack()).bytes);
    for (const [name, content] of Object.entries(files)) {
      for (const marker of OTHER_SHOP_MARKERS) expect(`${name}: ${content}`).not.toContain(marker);
    }
  });

  it("writes to a file stream for scripts, with the logged hash equal to the file's", async () => {
    const dir = mkdtempSync(join(tmpdir(), "evidence-pack-"));
    try {
      const file = join(dir, "pack.zip");
      const result = await writeEvidencePack(app.db, SHOP, createWriteStream(file), { requestedBy: "test" });
      const bytes = readFileSync(file);
      expect(result).toMatchObject({ groupARows: 2, bytes: bytes.length, sha256: sha256(bytes) });
      const log = await app.db.exportLog.findUniqueOrThrow({ where: { id: result.exportLogId } });
      expect(log).toMatchObject({ sha256: sha256(bytes), requestedBy: "test", kind: "evidence_pack" });
      expect(Object.keys(unzipSync(bytes))).toContain("ledger-verification.json");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a database failure after the first byte aborts the download and is logged as failed", async () => {
    // The double opt-in codes are read after the README, Group A and the wordings are on their way.
    await app.db.$executeRawUnsafe('ALTER TABLE "DoubleOptInCode" RENAME TO "DoubleOptInCodeAway"');
    let received = 0;
    let failure: unknown = null;
    try {
      const response = await route.loader({
        request: new Request("http://localhost/app/export/evidence-pack"),
        params: {},
        context: {},
      });
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      for (;;) {
        const chunk = await reader.read();
        if (chunk.done) break;
        received += chunk.value.length;
      }
    } catch (error) {
      failure = error;
    } finally {
      await app.db.$executeRawUnsafe('ALTER TABLE "DoubleOptInCodeAway" RENAME TO "DoubleOptInCode"');
    }
    expect(received).toBeGreaterThan(0);
    expect(failure).not.toBeNull();
    const log = await app.db.exportLog.findFirstOrThrow({
      where: { shop: SHOP, kind: "evidence_pack" },
      orderBy: { createdAt: "desc" },
    });
    expect(log.status).toBe("failed");
    expect(log.rows).toBe((await groupAPhones()).length);
  });

  it("shows a tampered ledger as broken, at the event that was changed", async () => {
    const victim = await app.db.consentEvent.findFirstOrThrow({ where: { shop: SHOP, seq: 2 } });
    await app.db.consentEvent.update({
      where: { id: victim.id },
      data: { sourceDetail: "https://shop.example/somewhere-else" },
    });
    const report = JSON.parse(filesOf((await downloadPack()).bytes)["ledger-verification.json"] ?? "{}");
    expect(report).toMatchObject({
      ok: false,
      firstBreak: { seq: 2, id: victim.id, problem: "hash_mismatch" },
    });
  });

  it("shows events cut from the end of the chain: the verified chain no longer reaches the stored head", async () => {
    const last = await app.db.consentEvent.findFirstOrThrow({
      where: { shop: SHOP },
      orderBy: { seq: "desc" },
    });
    await app.db.consentEvent.delete({ where: { id: last.id } });
    const report = JSON.parse(filesOf((await downloadPack()).bytes)["ledger-verification.json"] ?? "{}");
    expect(report).toMatchObject({
      headMatchesStored: false,
      storedEventCount: last.seq,
      storedHead: last.hash,
      eventCount: last.seq - 1,
    });
  });
});
