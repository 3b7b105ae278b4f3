import { z } from "zod";
import { DEFAULT_DATABASE_URL, databaseKind } from "./db/adapter.server";

/**
 * Environment read once at boot. Everything that needs configuration takes
 * it from here, so a missing or malformed variable fails loudly and early.
 */
const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: z
    .string()
    .default(DEFAULT_DATABASE_URL)
    .refine(
      (url) => {
        try {
          databaseKind(url);
          return true;
        } catch {
          return false;
        }
      },
      { message: 'must start with "file:" (SQLite) or "postgresql://" (PostgreSQL)' },
    ),
});

export type Env = z.infer<typeof EnvSchema>;

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment:\n${problems.join("\n")}`);
  }
  return result.data;
}

export const env = parseEnv(process.env);
