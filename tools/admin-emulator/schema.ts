/** The emulator's SDL (a subset of the Admin API 2026-10), loaded once. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { buildSchema, type GraphQLSchema } from "graphql";

export const ADMIN_SCHEMA_PATH = fileURLToPath(new URL("./schema.graphql", import.meta.url));
export const ADMIN_SDL = readFileSync(ADMIN_SCHEMA_PATH, "utf8");

let built: GraphQLSchema | undefined;

export function adminSchema(): GraphQLSchema {
  built ??= buildSchema(ADMIN_SDL);
  return built;
}
