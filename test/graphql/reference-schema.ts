/**
 * The Admin API schema as far as it can be established offline
 * (../shared/reference/shopify-admin, with its provenance there). CI checks
 * the project out with shared/ beside the clone, as on developers' machines.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { buildSchema, type GraphQLSchema } from "graphql";

export const REFERENCE_SCHEMA_PATH = path.resolve(
  import.meta.dirname,
  "../../../shared/reference/shopify-admin/admin-2026-10.graphql",
);

let built: GraphQLSchema | undefined;

export function referenceSchema(): GraphQLSchema {
  if (!existsSync(REFERENCE_SCHEMA_PATH))
    throw new Error(
      `The Admin API reference schema is missing at ${REFERENCE_SCHEMA_PATH}: check out shared/ beside the project`,
    );
  // Shopify's own schema breaks one rule graphql-js enforces (implementations deprecate fields
  // their interfaces do not); documents are still validated against it in full.
  built ??= buildSchema(readFileSync(REFERENCE_SCHEMA_PATH, "utf8"), { assumeValid: true });
  return built;
}
