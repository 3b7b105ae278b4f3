import { z } from "zod";
import { DEFAULT_DATABASE_URL, databaseKind } from "./db/adapter.server";

/**
 * Environment read once at boot. Everything that needs configuration takes
 * it from here, so a missing or malformed variable fails loudly and early.
 * The database part is all the CLI and scripts need; the Shopify part is
 * checked when the app server starts (appEnv()).
 */
const DatabaseEnv = z.object({
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

/** A variable that must be set, with a message saying what it is and where to get it. */
const required = (description: string) =>
  z.string({ error: `missing: ${description}` }).min(1, `empty: ${description}`);

const AppEnv = DatabaseEnv.extend({
  SHOPIFY_API_KEY: required("the app's client id (Partner Dashboard > App > Client credentials)"),
  SHOPIFY_API_SECRET: required("the app's client secret (Partner Dashboard > App > Client credentials)"),
  SHOPIFY_APP_URL: required("the public https URL the app is served on (set by `shopify app dev`)").pipe(
    z.url("must be a URL such as https://my-app.example.com"),
  ),
  SCOPES: z.string().default("read_customers,write_customers,write_app_proxy,read_orders"),
  SHOP_CUSTOM_DOMAIN: z.string().optional(),
  /** Local Admin API emulator origin; development and tests only. */
  SHOPIFY_ADMIN_API_ORIGIN: z.url().optional(),
  /** "1" signs in to the demo store without Shopify; development only. */
  DEMO_MODE: z.enum(["0", "1"]).default("0"),
  DEMO_SHOP: z.string().default("demo-coffee.myshopify.com"),
  /** Public capture routes: requests per minute per shopper (IP) and per shop. */
  RATE_LIMIT_PER_CLIENT: z.coerce.number().int().positive().default(20),
  RATE_LIMIT_PER_SHOP: z.coerce.number().int().positive().default(6000),
  /** Largest CSV the admin's list check accepts, in megabytes (the CLI has no limit). */
  LIST_CHECK_MAX_MB: z.coerce.number().positive().default(50),
})
  .refine((env) => !(env.NODE_ENV === "production" && env.DEMO_MODE === "1"), {
    message: "DEMO_MODE=1 is refused when NODE_ENV=production: demo sign-in bypasses Shopify authentication",
    path: ["DEMO_MODE"],
  })
  .refine((env) => !(env.NODE_ENV === "production" && env.SHOPIFY_ADMIN_API_ORIGIN), {
    message: "SHOPIFY_ADMIN_API_ORIGIN (the local emulator) is refused when NODE_ENV=production",
    path: ["SHOPIFY_ADMIN_API_ORIGIN"],
  });

export type Env = z.infer<typeof DatabaseEnv>;
export type AppEnvironment = z.infer<typeof AppEnv>;

function parseWith<T extends z.ZodType>(schema: T, source: Record<string, string | undefined>): z.infer<T> {
  const result = schema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `  ${issue.path.join(".") || "env"}: ${issue.message}`,
    );
    throw new Error(`Invalid environment:\n${problems.join("\n")}`);
  }
  return result.data;
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  return parseWith(DatabaseEnv, source);
}

export function parseAppEnv(source: Record<string, string | undefined>): AppEnvironment {
  return parseWith(AppEnv, source);
}

export const env = parseEnv(process.env);

let cachedAppEnv: AppEnvironment | null = null;
export function appEnv(): AppEnvironment {
  cachedAppEnv ??= parseAppEnv(process.env);
  return cachedAppEnv;
}
