import { PrismaClient } from "../generated/prisma/client";
import { adapterFactoryFor } from "./adapter.server";

export type Database = PrismaClient;

/** A Prisma client on a driver adapter for this URL (no engine binary). */
export function createDatabase(url: string): Database {
  return new PrismaClient({ adapter: adapterFactoryFor(url) });
}
