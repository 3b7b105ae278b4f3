/**
 * Every GraphQL document the app sends (`#graphql` template literals under
 * app/) must be valid against the Admin API 2026-10 reference schema
 * (../shared/reference/shopify-admin), not merely against the emulator's own
 * SDL: the emulator and the app must not share one set of assumptions.
 */
import path from "node:path";
import { buildSchema } from "graphql";
import { describe, expect, it } from "vitest";
import { ADMIN_SDL } from "../../tools/admin-emulator/schema";
import {
  extractGraphqlDocuments,
  findAppDocuments,
  fragmentIndex,
  validateDocument,
} from "./extract-documents";
import { referenceSchema } from "./reference-schema";

const ROOT = path.resolve(import.meta.dirname, "../..");
const schema = referenceSchema();
const emulatorSchema = buildSchema(ADMIN_SDL);
const documents = findAppDocuments(ROOT);

const FIXTURE = `
import { something } from "./x";
const CONSENT_FIELDS = \`#graphql
  fragment ConsentFields on CustomerPhoneNumber {
    phoneNumber
    whatsAppMarketingConsent { state optInLevel updatedAt collectedFrom }
  }\`;
export const CUSTOMERS = \`#graphql
  \${CONSENT_FIELDS}
  query Customers($after: String) {
    customers(first: 250, after: $after) {
      nodes { id defaultPhoneNumber { ...ConsentFields } }
      pageInfo { hasNextPage endCursor }
    }
  }\`;
const notGraphql = \`query { this is not checked }\`;
export function broken() {
  return admin.graphql(\`#graphql
    query Broken { shop { nmae } }\`);
}
`;

describe("GraphQL documents in app/", () => {
  it("finds #graphql documents in source (extractor self-check)", () => {
    const found = extractGraphqlDocuments(FIXTURE, "fixture.ts");
    expect(found.map((d) => d.line)).toEqual([3, 8, 18]);
    expect(found[1]?.text).toContain("fragment ConsentFields on CustomerPhoneNumber");
    expect(found[1]?.unresolved).toEqual([]);
    expect(found.some((d) => d.text.includes("this is not checked"))).toBe(false);
  });

  it("reports a misspelled field, naming the file (validator self-check)", () => {
    const found = extractGraphqlDocuments(FIXTURE, "app/fixture.ts");
    expect(validateDocument(schema, found[0] as (typeof found)[number])).toEqual([]);
    expect(validateDocument(schema, found[1] as (typeof found)[number])).toEqual([]);
    const problems = validateDocument(schema, found[2] as (typeof found)[number]);
    expect(problems).toEqual([
      expect.stringMatching(/^app\/fixture\.ts:18: Cannot query field "nmae" on type "Shop"/),
    ]);
    // a query spreading a fragment defined in another document of the file
    const split = extractGraphqlDocuments(
      'const F = `#graphql\nfragment F on Customer { id }`;\nconst Q = `#graphql\nquery { customer(id: "x") { ...F } }`;',
      "split.ts",
    );
    expect(validateDocument(schema, split[1] as (typeof split)[number])).toEqual([
      expect.stringContaining('Unknown fragment "F"'),
    ]);
    expect(validateDocument(schema, split[1] as (typeof split)[number], fragmentIndex(split))).toEqual([]);
    const unresolved = extractGraphqlDocuments(
      ["const Q = `#graphql\n$", "{MISSING} query { shop { name } }`;"].join(""),
      "a.ts",
    );
    expect(validateDocument(schema, unresolved[0] as (typeof unresolved)[number])[0]).toMatch(/MISSING/);
  });

  if (documents.length === 0) {
    it("has no #graphql documents in app/ yet (nothing to validate)", () => {
      console.info("test/graphql: no #graphql documents found under app/ yet");
      expect(documents).toEqual([]);
    });
  }

  it.each(documents.map((d) => [`${d.file}:${d.line}`, d] as const))(
    "%s is valid against the 2026-10 reference and the emulator serves it",
    (_, doc) => {
      expect(validateDocument(schema, doc, fragmentIndex(documents, doc.file))).toEqual([]);
      expect(validateDocument(emulatorSchema, doc, fragmentIndex(documents, doc.file))).toEqual([]);
    },
  );

  it("finds the documents of every Admin API path the app uses", () => {
    const operations = documents.map((doc) => /(query|mutation)\s+(\w+)/.exec(doc.text)?.[2]);
    expect(operations).toEqual(
      expect.arrayContaining([
        "RunCustomerBulkQuery",
        "BulkOperationStatus",
        "WriteBackWhatsAppConsent",
        "OrderConsentMetafield",
      ]),
    );
  });
});
