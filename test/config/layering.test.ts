/**
 * Which folder may import which: the boundaries issue 14 drew, checked on
 * every import line so a new file cannot quietly cross one.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");

function sourceFiles(folder: string): string[] {
  return readdirSync(path.join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ts|tsx|mjs)$/.test(entry.name))
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)));
}

/** Every module an import or export names, resolved against the project root when relative. */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), "utf8");
  return [...text.matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)].map(([, specifier = ""]) =>
    specifier.startsWith(".")
      ? path.relative(ROOT, path.resolve(ROOT, path.dirname(file), specifier))
      : specifier,
  );
}

const RULES: { folder: string; forbidden: RegExp; why: string }[] = [
  {
    folder: "app/consent",
    forbidden: /^(app\/(?!consent\/)|@remix-run|@prisma|@shopify)/,
    why: "the consent core is pure: no app modules outside it, no Remix, Prisma or Shopify",
  },
  { folder: "app/csv", forbidden: /^app\/(?!csv\/)/, why: "CSV handling depends on nothing of the app" },
  {
    folder: "app/list-check",
    forbidden: /^app\/admin\//,
    why: "list-check returns codes; the admin words them",
  },
  { folder: "app/ledger", forbidden: /^app\/admin\//, why: "the ledger holds no page code" },
  { folder: "bench", forbidden: /^test\//, why: "helpers shared with tests live in tools/support" },
  { folder: "tools", forbidden: /^test\//, why: "tools serve tests, not the other way round" },
  { folder: "app", forbidden: /^~\//, why: "the app imports by relative path (no ~/ alias)" },
];

describe("layering", () => {
  it.each(RULES)("$folder: $why", ({ folder, forbidden }) => {
    const crossings = sourceFiles(folder)
      .filter((file) => !file.endsWith(".test.ts"))
      .flatMap((file) =>
        importsOf(file)
          .filter((target) => forbidden.test(target))
          .map((target) => `${file} → ${target}`),
      );
    expect(crossings).toEqual([]);
  });

  it("sees the imports it checks", () => {
    expect(importsOf("app/list-check/admin-run.server.ts")).toContain("app/csv/read-csv");
    expect(importsOf("app/admin/list-check-errors.ts")).toContain("app/list-check/problems");
  });
});
