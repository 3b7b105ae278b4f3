/**
 * Applies prisma/migrations through Prisma's WebAssembly schema engine, so
 * set-up needs no engine binary download. Produces the same
 * `_prisma_migrations` bookkeeping as `prisma migrate deploy`.
 *
 * These are Prisma-internal APIs: versions are pinned exactly in
 * package.json and test/db/migrations.test.ts covers them.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SchemaContext } from "@prisma/internals";
import type { SchemaEngineWasm as SchemaEngineWasmType } from "@prisma/migrate";
import { databaseKind, migrationAdapterFactoryFor } from "./adapter.server";
import { PROVIDER_FILES, schemaText } from "./providers";

const require = createRequire(import.meta.url);
// CommonJS package without named ESM exports.
const { SchemaEngineWasm } = require("@prisma/migrate") as typeof import("@prisma/migrate");
type SchemaEngineWasm = SchemaEngineWasmType;

/** @prisma/internals looks for the wasm next to its own build; the package ships it elsewhere. */
function ensureWasmInPlace(): void {
  const internalsDir = path.dirname(require.resolve("@prisma/internals/package.json"));
  const target = path.join(internalsDir, "build/schema_engine_bg.wasm");
  if (existsSync(target)) return;
  const wasmPkg = path.dirname(require.resolve("@prisma/schema-engine-wasm", { paths: [internalsDir] }));
  mkdirSync(path.dirname(target), { recursive: true });
  copyFileSync(path.join(wasmPkg, "schema_engine_bg.wasm"), target);
}

/** The schema for a database URL: an explicit file, or the variant of schema.prisma for its kind. */
function schemaFiles(url: string, schemaPath?: string): [string, string][] {
  if (schemaPath) return [[schemaPath, readFileSync(schemaPath, "utf8")]];
  const kind = databaseKind(url);
  return [[PROVIDER_FILES[kind].schemaPath, schemaText(kind)]];
}

function migrationsDirFor(options: { url: string; migrationsDir?: string }): string {
  return options.migrationsDir ?? PROVIDER_FILES[databaseKind(options.url)].migrationsDir;
}

function listMigrations(dir: string) {
  const lockPath = path.join(dir, "migration_lock.toml");
  const migrationDirectories = existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
        .map((name) => ({
          path: name,
          migrationFile: {
            path: "migration.sql",
            content: {
              tag: "ok" as const,
              value: readFileSync(path.join(dir, name, "migration.sql"), "utf8"),
            },
          },
        }))
    : [];
  return {
    baseDir: dir,
    lockfile: {
      path: "migration_lock.toml",
      content: existsSync(lockPath) ? readFileSync(lockPath, "utf8") : null,
    },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}

const NO_FILTER = { externalTables: [], externalEnums: [] };

export interface MigrationEngineOptions {
  url: string;
  schemaPath?: string;
  migrationsDir?: string;
}

async function withEngine<T>(
  options: MigrationEngineOptions,
  run: (engine: SchemaEngineWasm) => Promise<T>,
  factory = migrationAdapterFactoryFor(options.url),
) {
  ensureWasmInPlace();
  const files = schemaFiles(options.url, options.schemaPath);
  const connections = disposing(factory);
  const adapter = bindMigrationAwareSqlAdapterFactory(connections.factory);
  const engine = await SchemaEngineWasm.setup({
    adapter,
    schemaContext: { schemaFiles: files } as unknown as SchemaContext,
  });
  try {
    return await run(engine);
  } finally {
    await engine.stop();
    await connections.disposeAll();
  }
}

/**
 * The engine does not close the connections it opened when it stops. On
 * PostgreSQL that would keep its session-level migration lock until the idle
 * connection times out, stalling the next run; so they are closed here.
 */
function disposing(factory: AdapterFactory) {
  const opened: { dispose(): Promise<void> }[] = [];
  const wrapped = new Proxy(factory, {
    get(target, property, receiver) {
      if (property === "connect" || property === "connectToShadowDb") {
        return async () => {
          const connect = Reflect.get(target, property) as () => Promise<{ dispose(): Promise<void> }>;
          const adapter = await connect.call(target);
          opened.push(adapter);
          return adapter;
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return {
    factory: wrapped,
    disposeAll: async () => {
      await Promise.all(opened.splice(0).map((adapter) => adapter.dispose().catch(() => undefined)));
    },
  };
}

/** `prisma migrate deploy`: applies every migration not yet recorded. Returns their names. */
export async function applyMigrations(options: MigrationEngineOptions): Promise<string[]> {
  return withEngine(options, async (engine) => {
    const result = await engine.applyMigrations({
      migrationsList: listMigrations(migrationsDirFor(options)),
      filters: NO_FILTER,
    });
    return result.appliedMigrationNames;
  });
}

/** `prisma db push`: makes the database match schema.prisma without migrations (used to compare). */
export async function pushSchema(options: MigrationEngineOptions): Promise<void> {
  await withEngine(options, (engine) => push(engine, options.url, options.schemaPath));
}

async function push(engine: SchemaEngineWasm, url: string, schemaPath?: string) {
  const files = schemaFiles(url, schemaPath).map(([filePath, content]) => ({ path: filePath, content }));
  const result = await engine.schemaPush({ force: true, schema: { files }, filters: NO_FILTER });
  if (result.unexecutable.length > 0) throw new Error(result.unexecutable.join("\n"));
}

/**
 * `prisma migrate dev --create-only`. The wasm engine cannot open a SQLite
 * shadow database, so instead: replay the migrations into a scratch database,
 * push schema.prisma onto it, and keep the SQL the engine ran for the push.
 */
export async function draftMigrationSql(options: {
  scratchUrl: string;
  schemaPath?: string;
  migrationsDir?: string;
}) {
  await applyMigrations({ ...options, url: options.scratchUrl });
  const executed: string[] = [];
  const recording = recordingFactory(migrationAdapterFactoryFor(options.scratchUrl), executed);
  await withEngine(
    { url: options.scratchUrl, schemaPath: options.schemaPath },
    (engine) => push(engine, options.scratchUrl, options.schemaPath),
    recording,
  );
  return executed.join("\n\n");
}

type AdapterFactory = ReturnType<typeof migrationAdapterFactoryFor>;

function recordingFactory(factory: AdapterFactory, executed: string[]): AdapterFactory {
  const record = <A extends object>(adapter: A): A =>
    new Proxy(adapter, {
      get(target, property, receiver) {
        if (property === "executeScript" || property === "executeRaw") {
          return async (arg: string | { sql: string }) => {
            const sql = typeof arg === "string" ? arg : arg.sql;
            if (!sql.includes("_prisma_migrations")) executed.push(`${sql.trim()};`);
            const method = Reflect.get(target, property) as (value: typeof arg) => Promise<unknown>;
            return method.call(target, arg);
          };
        }
        const value = Reflect.get(target, property, receiver);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  return new Proxy(factory, {
    get(target, property, receiver) {
      if (property === "connect") return async () => record(await target.connect());
      const value = Reflect.get(target, property, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
