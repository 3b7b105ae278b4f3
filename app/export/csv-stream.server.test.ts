import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/helpers/database";
import type { Database } from "../db.server";
import { UTF8_BOM } from "./csv-form";
import { csvChunks, streamedCsv } from "./csv-stream.server";

const SHOP = "csv-stream.myshopify.com";

async function* from<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

async function collect(chunks: AsyncIterable<string>): Promise<string[]> {
  const all: string[] = [];
  for await (const chunk of chunks) all.push(chunk);
  return all;
}

const numbered = (count: number) => Array.from({ length: count }, (_, index) => [`p${index}`, `n${index}`]);

describe("csvChunks", () => {
  it("sends the header line alone first, then 500 rows per chunk, and counts the rows", async () => {
    const counter = { rows: 0 };
    const chunks = await collect(csvChunks(["phone", "name"], from(numbered(1001)), counter));
    expect(chunks.length).toBe(4);
    expect(chunks[0]).toBe("phone,name\r\n");
    expect(chunks.slice(1).map((chunk) => chunk.split("\r\n").length - 1)).toEqual([500, 500, 1]);
    expect(chunks[1]?.startsWith("p0,n0\r\n")).toBe(true);
    expect(chunks[3]).toBe("p1000,n1000\r\n");
    expect(counter.rows).toBe(1001);
  });

  it("sends no empty chunk when the rows fill the last chunk exactly, or when there are none", async () => {
    expect(
      await collect(csvChunks(["phone"], from(numbered(500).map(([phone]) => [phone ?? ""])), { rows: 0 })),
    ).toHaveLength(2);
    const counter = { rows: 0 };
    expect(await collect(csvChunks(["phone"], from([]), counter))).toEqual(["phone\r\n"]);
    expect(counter.rows).toBe(0);
  });

  it("writes the spreadsheet form: a byte order mark, and phones kept as text", async () => {
    const chunks = await collect(
      csvChunks(["phone_e164", "note"], from([["+34600111222", "=1+1"]]), { rows: 0 }, "spreadsheet"),
    );
    expect(chunks.join("")).toBe(`${UTF8_BOM}phone_e164,note\r\n"=""+34600111222""",'=1+1\r\n`);
  });

  it("writes the importer form by default: no byte order mark, values as they are", async () => {
    const chunks = await collect(csvChunks(["phone_e164"], from([["+34600111222"]]), { rows: 0 }));
    expect(chunks.join("")).toBe("phone_e164\r\n+34600111222\r\n");
  });
});

describe("streamedCsv", () => {
  let test: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    test = await createTestDatabase();
    db = test.db;
    await db.shop.create({ data: { domain: SHOP } });
  });
  afterAll(() => test.cleanup());

  const log = { shop: SHOP, kind: "group_a" as const, requestedBy: "staff:7" };

  async function readBody(body: ReadableStream<Uint8Array>): Promise<Buffer> {
    return Buffer.from(await new Response(body).arrayBuffer());
  }

  async function latestLog() {
    return db.exportLog.findFirst({
      where: { shop: SHOP },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    });
  }

  it("sends the file and logs it once complete, with its rows and the sha256 of the bytes sent", async () => {
    const download = streamedCsv(db, {
      header: ["phone", "name"],
      rows: from(numbered(600)),
      fileName: "shop-group-a.csv",
      log: { ...log, options: "country=ES" },
    });
    expect(download.contentType).toBe("text/csv; charset=utf-8");
    expect(download.fileName).toBe("shop-group-a.csv");
    expect(await db.exportLog.count({ where: { shop: SHOP } })).toBe(0);
    const bytes = await readBody(download.body);
    expect(bytes.toString("utf8").split("\r\n")).toHaveLength(602);
    expect(await latestLog()).toMatchObject({
      kind: "group_a",
      rows: 600,
      sha256: createHash("sha256").update(bytes).digest("hex"),
      options: "country=ES",
      requestedBy: "staff:7",
      status: "completed",
    });
  });

  it("names and logs the spreadsheet form as such", async () => {
    const withOptions = streamedCsv(db, {
      header: ["phone"],
      rows: from([["+1"]]),
      fileName: "shop-group-a.csv",
      log: { ...log, options: "country=ES" },
      form: "spreadsheet",
    });
    expect(withOptions.fileName).toBe("shop-group-a-spreadsheet.csv");
    const bytes = await readBody(withOptions.body);
    expect(bytes.toString("utf8").startsWith(UTF8_BOM)).toBe(true);
    expect(await latestLog()).toMatchObject({ options: "country=ES,spreadsheet", rows: 1 });

    const withoutOptions = streamedCsv(db, {
      header: ["phone"],
      rows: from([]),
      fileName: "x.csv",
      log,
      form: "spreadsheet",
    });
    await readBody(withoutOptions.body);
    expect(await latestLog()).toMatchObject({ options: "spreadsheet", rows: 0 });
  });

  it("an error after the first byte aborts the download and logs it as failed with what was sent", async () => {
    async function* breaking(): AsyncGenerator<readonly string[]> {
      yield* numbered(700);
      throw new Error("the database went away");
    }
    const download = streamedCsv(db, { header: ["phone", "name"], rows: breaking(), fileName: "x.csv", log });
    const reader = download.body.getReader();
    const sent: Uint8Array[] = [];
    const outcome = await (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return "ended";
        sent.push(value);
      }
    })().catch((error: Error) => error.message);
    expect(outcome).toBe("the database went away");
    expect(await latestLog()).toMatchObject({
      status: "failed",
      rows: 700,
      sha256: createHash("sha256").update(Buffer.concat(sent)).digest("hex"),
    });
  });

  it("a download the client drops logs nothing and stops reading the rows", async () => {
    const before = await db.exportLog.count({ where: { shop: SHOP } });
    let finished = false;
    async function* rows(): AsyncGenerator<readonly string[]> {
      try {
        yield* numbered(2000);
      } finally {
        finished = true;
      }
    }
    const download = streamedCsv(db, { header: ["phone", "name"], rows: rows(), fileName: "x.csv", log });
    const reader = download.body.getReader();
    await reader.read();
    await reader.read();
    await reader.cancel();
    expect(finished).toBe(true);
    expect(await db.exportLog.count({ where: { shop: SHOP } })).toBe(before);
  });
});
