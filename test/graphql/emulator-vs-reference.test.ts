/**
 * The emulator's schema against the Admin API reference, type by type:
 * fields, arguments, defaults, nullability, input fields and enum values.
 * The only differences allowed are the ones listed, with their reasons, in
 * tools/admin-emulator/reference-differences.ts.
 */
import { buildSchema } from "graphql";
import { describe, expect, it } from "vitest";
import { DELIBERATE_DIFFERENCES } from "../../tools/admin-emulator/reference-differences";
import { ADMIN_SDL } from "../../tools/admin-emulator/schema";
import { compareSchemas } from "./compare-schemas";
import { referenceSchema } from "./reference-schema";

describe("the emulator's Admin API schema against the reference", () => {
  it("differs from the reference only where the differences list says so", () => {
    const found = compareSchemas(buildSchema(ADMIN_SDL), referenceSchema());
    expect(Object.fromEntries(found.map((difference) => [difference.key, difference.detail]))).toEqual(
      Object.fromEntries(Object.keys(DELIBERATE_DIFFERENCES).map((key) => [key, expect.any(String)])),
    );
  });

  it("gives a reason for every listed difference", () => {
    for (const [key, reason] of Object.entries(DELIBERATE_DIFFERENCES))
      expect(reason.length, key).toBeGreaterThan(40);
  });

  it("serves the consent state Shopify defines: NEVER_SUBSCRIBED, not NOT_SUBSCRIBED", () => {
    const state = buildSchema(ADMIN_SDL).getType("CustomerMarketingConsentState");
    expect(state?.toString()).toBe("CustomerMarketingConsentState");
    expect(
      (state as import("graphql").GraphQLEnumType)
        .getValues()
        .map((value) => value.name)
        .sort(),
    ).toEqual(["NEVER_SUBSCRIBED", "PENDING", "REDACTED", "SUBSCRIBED", "UNSUBSCRIBED"]);
  });

  it("finds each kind of difference (comparer self-check)", () => {
    const reference = buildSchema(`
      type Query { a(first: Int = 10, query: String): Thing  b: Int }
      type Thing { id: ID! name: String }
      enum Color { RED GREEN }
      input Filter { state: Color! note: String }
    `);
    const emulator = buildSchema(`
      type Query { a(first: Int = 5): Thing  c: Int }
      type Thing { id: ID name: String }
      enum Color { RED BLUE }
      input Filter { state: Color }
      type Extra { x: Int }
    `);
    expect(compareSchemas(emulator, reference).map((difference) => difference.key)).toEqual([
      "Color:extra-enum-values",
      "Color:missing-enum-values",
      "Extra:unknown-type",
      "Filter.note:missing-input-field",
      "Filter.state:input-field-type",
      "Query.a(first):argument-default",
      "Query.a(query):missing-argument",
      "Query.c:unknown-field",
      "Thing.id:field-type",
    ]);
  });
});
