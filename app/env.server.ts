import { z } from "zod";
import { DEFAULT_DATABASE_URL, databaseKind } from "./db/adapter.server";
import { onFirstUse } from "./lazy";

/**
 * Environment, read on first use (never at import) and then kept for the
 * process. Everything that needs configuration takes it from here, so a
 * missing or malformed variable fails loudly at the first request or command.
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
  SCOPES: z
    .string()
    .default("read_customers,write_customers,write_app_proxy,read_orders,read_locales,read_themes"),
  SHOP_CUSTOM_DOMAIN: z.string().optional(),
  /** Local Admin API emulator origin; development and tests only. */
  SHOPIFY_ADMIN_API_ORIGIN: z.url().optional(),
  /** "1" signs in to the demo store without Shopify; development only. */
  DEMO_MODE: z.enum(["0", "1"]).default("0"),
  DEMO_SHOP: z.string().default("demo-coffee.myshopify.com"),
  /** Public capture routes: requests per minute per shopper (IP) and per shop. */
  RATE_LIMIT_PER_CLIENT: z.coerce.number().int().positive().default(20),
  RATE_LIMIT_PER_SHOP: z.coerce.number().int().positive().default(6000),
  /**
   * Proxies in front of the app that append the client's address to
   * X-Forwarded-For (0: clients connect directly; 1: one load balancer).
   * Shopify's App Proxy is counted on top for the storefront routes. See
   * docs/decisions/004-security-review.md.
   */
  TRUST_PROXY_HOPS: z.coerce
    .number({ error: "must be a whole number of proxies (0 when clients connect directly)" })
    .int("must be a whole number of proxies (0 when clients connect directly)")
    .min(0, "cannot be negative")
    .max(10, "more than 10 proxies is not a real deployment")
    .default(0),
  /** Redis shared by every instance for the rate limits (redis://host:6379); unset: per-instance memory. */
  REDIS_URL: z
    .url("must be a URL such as redis://127.0.0.1:6379")
    .refine((url) => /^rediss?:\/\//.test(url), "must start with redis:// or rediss://")
    .optional(),
  /** Prefix of this app's keys in that Redis (to share one Redis between environments). */
  REDIS_KEY_PREFIX: z.string().default("wa-consent:"),
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

let cachedEnv: Env | null = null;
/** The database part, parsed on first use (so `wa-consent check-text` never trips over DATABASE_URL). */
export function databaseEnv(): Env {
  cachedEnv ??= parseEnv(process.env);
  return cachedEnv;
}
/** `env.DATABASE_URL` for existing importers; parsed on the first read, through databaseEnv(). */
export const env: Env = onFirstUse(databaseEnv);

/** Tuning of the command line; an unusable value is ignored (the default is always safe). */
const CliEnv = z.object({
  WA_CONSENT_WORKERS: z.string().regex(/^\d+$/).transform(Number).optional().catch(undefined),
});
export function cliEnv(source: Record<string, string | undefined> = process.env): z.infer<typeof CliEnv> {
  return CliEnv.parse(source);
}

let cachedAppEnv: AppEnvironment | null = null;
export function appEnv(): AppEnvironment {
  cachedAppEnv ??= parseAppEnv(process.env);
  return cachedAppEnv;
}
