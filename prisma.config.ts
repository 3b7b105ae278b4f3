import { defineConfig } from "prisma/config";

// Used by `prisma generate` and, on machines with normal internet, by the
// stock `prisma migrate deploy`. Our own setup applies migrations through
// the WebAssembly schema engine instead (app/db/migrate.server.ts).
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "file:./prisma/dev.sqlite" },
});
