import { describe, expect, it } from "vitest";
import { parseAppEnv, parseEnv } from "../../app/env.server";

const base = {
  SHOPIFY_API_KEY: "key",
  SHOPIFY_API_SECRET: "secret",
  SHOPIFY_APP_URL: "https://app.example.com",
};

describe("environment validation", () => {
  it("names every missing Shopify key with where to find it", () => {
    expect(() => parseAppEnv({})).toThrow(
      /SHOPIFY_API_KEY: missing: the app's client id[\s\S]*SHOPIFY_API_SECRET: missing[\s\S]*SHOPIFY_APP_URL: missing/,
    );
  });

  it("refuses demo sign-in and the emulator in production", () => {
    expect(() => parseAppEnv({ ...base, NODE_ENV: "production", DEMO_MODE: "1" })).toThrow(
      /DEMO_MODE=1 is refused/,
    );
    expect(() =>
      parseAppEnv({ ...base, NODE_ENV: "production", SHOPIFY_ADMIN_API_ORIGIN: "http://127.0.0.1:4400" }),
    ).toThrow(/refused when NODE_ENV=production/);
    expect(parseAppEnv({ ...base, NODE_ENV: "development", DEMO_MODE: "1" }).DEMO_MODE).toBe("1");
  });

  it("accepts SQLite and PostgreSQL URLs only", () => {
    expect(parseEnv({ DATABASE_URL: "postgresql://localhost/db" }).DATABASE_URL).toContain("postgresql");
    expect(() => parseEnv({ DATABASE_URL: "mysql://localhost/db" })).toThrow(/DATABASE_URL/);
  });
});
