/**
 * The list check page's action with real multipart requests (FormData and
 * Blob, as a browser sends them): the same counts and files as the CLI on
 * the same file, mapping edits, downloads scoped to the shop and the run,
 * and bad uploads answered with 4xx, leaving no run folder behind.
 */
import { readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ListCheckPageData } from "../../app/admin/list-check-errors";
import * as uploads from "../../app/list-check/upload.server";
import * as route from "../../app/routes/app.list-check";
import * as download from "../../app/routes/app.list-check.runs.$runId.$file";
import { loadTestApp } from "../helpers/app";
import { cli, workDir } from "../helpers/cli";

const SHOP = "list-coffee.myshopify.com";
const BRAND = "Acme Coffee";
let app: Awaited<ReturnType<typeof loadTestApp>>;

beforeAll(async () => {
  // 0.05 MB: small enough that "too big" needs no big test file.
  app = await loadTestApp({ NODE_ENV: "test", DEMO_MODE: "1", DEMO_SHOP: SHOP, LIST_CHECK_MAX_MB: "0.05" });
  rmSync(uploads.shopFolder(SHOP), { recursive: true, force: true });
  await app.db.shop.create({ data: { domain: SHOP, brandName: BRAND, defaultCountry: "US" } });
});
afterAll(async () => {
  rmSync(uploads.shopFolder(SHOP), { recursive: true, force: true });
  await app.cleanup();
});

async function act(body: FormData | URLSearchParams) {
  const response = (await route.action({
    request: new Request("http://localhost/app/list-check", { method: "POST", body }),
    params: {},
    context: {},
  })) as Response;
  return { status: response.status, data: (await response.json()) as ListCheckPageData };
}

function upload(
  name: string,
  content: string | Uint8Array,
  fields: Record<string, string> = { brand: BRAND },
) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  form.append(
    "file",
    new Blob([typeof content === "string" ? content : new Uint8Array(content)], { type: "text/csv" }),
    name,
  );
  return act(form);
}

const runFolders = () =>
  readdirSync(uploads.shopFolder(SHOP), { withFileTypes: true }).map((entry) => entry.name);

async function fetchOutput(runId: string, file: string) {
  const response = (await download.loader({
    request: new Request(`http://localhost/app/list-check/runs/${runId}/${file}`),
    params: { runId, file },
    context: {},
  })) as Response;
  return { status: response.status, text: await response.text(), headers: response.headers };
}

function checked(data: ListCheckPageData) {
  if (data.status !== "checked") throw new Error(`expected a checked run, got ${JSON.stringify(data)}`);
  return data.run;
}

describe("list check upload", () => {
  let klaviyoRun = "";

  it("gives the CLI's counts and files for the same file, and serves both downloads", async () => {
    const sample = "samples/klaviyo-export.csv";
    const { status, data } = await upload("klaviyo-export.csv", readFileSync(sample), {
      brand: BRAND,
      defaultCountry: "US",
    });
    expect(status).toBe(200);
    const run = checked(data);
    klaviyoRun = run.runId;
    expect(run.runId).toMatch(/^[A-Za-z0-9_-]{22}$/);

    const out = workDir();
    const result = await cli(
      "check-list",
      sample,
      "--brand",
      BRAND,
      "--default-country",
      "US",
      "--out",
      out,
      "--json",
    );
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.groupA).toBeGreaterThan(0);
    expect(report.groupB).toBeGreaterThan(0);
    expect({ rows: run.rows, groupA: run.groupA, groupB: run.groupB }).toEqual({
      rows: report.rows,
      groupA: report.groupA,
      groupB: report.groupB,
    });
    expect(run.segments).toEqual(report.segments);
    expect(run.reasons).toEqual(report.reasons);
    expect(run.mapping.phone).toBe(report.columns.phone);

    const groupA = await fetchOutput(run.runId, "group-a.csv");
    expect(groupA.status).toBe(200);
    expect(groupA.headers.get("content-type")).toContain("text/csv");
    expect(groupA.headers.get("content-disposition")).toBe(
      'attachment; filename="klaviyo-export-group-a.csv"',
    );
    expect(groupA.text).toBe(readFileSync(path.join(out, "group-a.csv"), "utf8"));
    const groupB = await fetchOutput(run.runId, "group-b.csv");
    expect(groupB.text).toBe(readFileSync(path.join(out, "group-b.csv"), "utf8"));
  });

  it("checks the stored upload again with an edited mapping, like the CLI's --map", async () => {
    const file = uploads.storedUpload(SHOP, klaviyoRun);
    const before = await fetchOutput(klaviyoRun, "group-a.csv");
    const form = new URLSearchParams({ runId: klaviyoRun, brand: BRAND, defaultCountry: "US" });
    const auto = checked((await upload("klaviyo-export.csv", readFileSync(await file))).data).mapping;
    expect(auto.whatsapp_opt_in).not.toBe("");
    for (const [field, header] of Object.entries(auto)) form.set(`map.${field}`, header);
    form.set("map.whatsapp_opt_in", "");
    form.set("map.consent_text", "");
    const { status, data } = await act(form);
    expect(status).toBe(200);
    const run = checked(data);
    expect(run.mapping.whatsapp_opt_in).toBe("");

    const out = workDir();
    const result = await cli(
      ...["check-list", "samples/klaviyo-export.csv", "--brand", BRAND, "--default-country", "US"],
      ...["--out", out, "--json", "--map", "whatsapp_opt_in=", "--map", "consent_text="],
    );
    const report = JSON.parse(result.stdout);
    expect({ groupA: run.groupA, groupB: run.groupB, reasons: run.reasons }).toEqual({
      groupA: report.groupA,
      groupB: report.groupB,
      reasons: report.reasons,
    });
    const after = await fetchOutput(klaviyoRun, "group-a.csv");
    expect(after.text).not.toBe(before.text);
    expect(after.text).toBe(readFileSync(path.join(out, "group-a.csv"), "utf8"));
  });

  it("asks for the phone column when none is recognised, then checks with it", async () => {
    const { status, data } = await upload("odd.csv", "Contact,WA\r\n+34612345678,yes\r\n");
    expect(status).toBe(422);
    if (data.status !== "needs_mapping") throw new Error(JSON.stringify(data));
    expect(data.error).toContain("no phone column");
    expect(data.error).not.toContain("--map");
    const form = new URLSearchParams({ runId: data.run.runId, brand: BRAND, "map.phone": "Contact" });
    form.set("map.whatsapp_opt_in", "WA");
    const again = await act(form);
    expect(again.status).toBe(200);
    expect(checked(again.data)).toMatchObject({ rows: 1, groupA: 0, groupB: 1 });
    const twice = new URLSearchParams({ runId: data.run.runId, brand: BRAND, "map.phone": "Contact" });
    twice.set("map.email", "Contact");
    expect((await act(twice)).status).toBe(422);
  });

  it("checks a header-only file as a file with no rows (the page then says so instead of 'every row is in Group A')", async () => {
    const { status, data } = await upload("header-only.csv", "Phone,Email,WhatsApp Opt In\r\n");
    expect(status).toBe(200);
    if (data.status !== "checked") throw new Error(JSON.stringify(data));
    expect(data.run).toMatchObject({ rows: 0, groupA: 0, groupB: 0 });
  });

  it("keeps downloads to the shop and the run", async () => {
    expect((await fetchOutput("AAAAAAAAAAAAAAAAAAAAAA", "group-a.csv")).status).toBe(404);
    expect((await fetchOutput("../../etc", "group-a.csv")).status).toBe(404);
    expect((await fetchOutput(klaviyoRun, "report.json")).status).toBe(404);
    await expect(
      uploads.outputDownload("other-shop.myshopify.com", klaviyoRun, "group-a.csv"),
    ).resolves.toMatchObject({ ok: false, kind: "not_found" });
  });

  it("refuses bad files with a 4xx message and leaves no run behind", async () => {
    const before = runFolders();
    const cases: [string, string | Uint8Array, number, RegExp][] = [
      ["list.xlsx", "a,b\r\n1,2\r\n", 415, /Save it as CSV UTF-8/],
      ["list.numbers", "a,b\r\n1,2\r\n", 415, /Save it as CSV UTF-8/],
      ["list.pdf", "a,b\r\n1,2\r\n", 415, /Only \.csv/],
      ["list.csv", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 415, /workbook/],
      ["list.csv", new Uint8Array([0x50, 0x68, 0x6f, 0x6e, 0x65, 0x0a, 0x00, 0x01]), 415, /not text/],
      [
        "latin1.csv",
        new Uint8Array([...Buffer.from("Phone,Name\r\n+34612345678,Jos"), 0xe9, 0x0d, 0x0a]),
        422,
        /UTF-8/,
      ],
      ["empty.csv", "", 422, /empty/],
      ["quotes.csv", 'Phone,Name\r\n+34612345678,"Ana\r\n', 422, /quote/i],
      ["big.csv", `Phone\r\n${"+34612345678\r\n".repeat(5000)}`, 413, /larger than 0.05 MB/],
      ["rows.csv", "Phone,Name\r\n+34612345678\r\n", 422, /2 columns|columns/],
    ];
    for (const [name, content, status, message] of cases) {
      const result = await upload(name, content);
      expect({ name, status: result.status }).toEqual({ name, status });
      expect(result.data.status).toBe("error");
      if (result.data.status === "error") expect(result.data.error).toMatch(message);
    }
    expect((await act(new FormData())).status).toBe(400);
    const noBrand = await upload("ok.csv", "Phone\r\n+34612345678\r\n", { brand: " " });
    expect(noBrand.status).toBe(400);
    expect(noBrand.data.status === "error" && noBrand.data.fields?.brand).toBeTruthy();
    expect((await act(new URLSearchParams({ brand: BRAND }))).status).toBe(400);
    expect(runFolders().sort()).toEqual(before.sort());
  });

  it("deletes runs older than a day", async () => {
    expect(runFolders().length).toBeGreaterThan(0);
    expect(
      await uploads.removeOldRuns(uploads.RUN_TTL_MS, Date.now() + 2 * uploads.RUN_TTL_MS),
    ).toBeGreaterThan(0);
    expect(runFolders()).toEqual([]);
    expect((await fetchOutput(klaviyoRun, "group-a.csv")).status).toBe(404);
  });
});

describe("uploaded file names", () => {
  it("keep only a safe base name with a CSV or text extension", () => {
    expect(uploads.cleanFileName("../../etc/passwd.csv")).toBe("passwd.csv");
    expect(uploads.cleanFileName("C:\\Users\\me\\Klaviyo export (May).CSV")).toBe("Klaviyo export _May_.csv");
    expect(uploads.cleanFileName("Teléfonos.txt")).toBe("Teléfonos.txt");
    expect(uploads.cleanFileName("..csv")).toBe("list.csv");
    expect(() => uploads.cleanFileName("list.csv.exe")).toThrow(/notCsv/);
    expect(() => uploads.cleanFileName("list")).toThrow(/notCsv/);
  });
});
