/**
 * Shopify session storage in our own database (the official Prisma adapter
 * targets Prisma 6; this is the same table shape on Prisma 7).
 */
import { Session } from "@shopify/shopify-api";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";
import type { Database } from "../db.server";
import type { Session as SessionRow } from "../generated/prisma/client";

function toRow(session: Session): SessionRow {
  const user = session.onlineAccessInfo?.associated_user;
  return {
    id: session.id,
    shop: session.shop,
    state: session.state,
    isOnline: session.isOnline,
    scope: session.scope ?? null,
    expires: session.expires ?? null,
    accessToken: session.accessToken ?? "",
    userId: user?.id !== undefined ? BigInt(user.id) : null,
    firstName: user?.first_name ?? null,
    lastName: user?.last_name ?? null,
    email: user?.email ?? null,
    accountOwner: user?.account_owner ?? false,
    locale: user?.locale ?? null,
    collaborator: user?.collaborator ?? false,
    emailVerified: user?.email_verified ?? false,
    refreshToken: session.refreshToken ?? null,
    refreshTokenExpires: session.refreshTokenExpires ?? null,
  };
}

function fromRow(row: SessionRow): Session {
  const session = new Session({
    id: row.id,
    shop: row.shop,
    state: row.state,
    isOnline: row.isOnline,
    scope: row.scope ?? undefined,
    expires: row.expires ?? undefined,
    accessToken: row.accessToken,
    refreshToken: row.refreshToken ?? undefined,
    refreshTokenExpires: row.refreshTokenExpires ?? undefined,
  });
  if (row.userId !== null) {
    session.onlineAccessInfo = {
      associated_user: {
        id: Number(row.userId),
        first_name: row.firstName ?? undefined,
        last_name: row.lastName ?? undefined,
        email: row.email ?? undefined,
        account_owner: row.accountOwner,
        locale: row.locale ?? undefined,
        collaborator: row.collaborator ?? undefined,
        email_verified: row.emailVerified ?? undefined,
      },
    } as Session["onlineAccessInfo"];
  }
  return session;
}

export class PrismaSessionStorage implements SessionStorage {
  constructor(private readonly db: Database) {}

  async storeSession(session: Session): Promise<boolean> {
    const row = toRow(session);
    await this.db.session.upsert({ where: { id: row.id }, create: row, update: row });
    return true;
  }

  async loadSession(id: string): Promise<Session | undefined> {
    const row = await this.db.session.findUnique({ where: { id } });
    return row ? fromRow(row) : undefined;
  }

  async deleteSession(id: string): Promise<boolean> {
    await this.db.session.deleteMany({ where: { id } });
    return true;
  }

  async deleteSessions(ids: string[]): Promise<boolean> {
    await this.db.session.deleteMany({ where: { id: { in: ids } } });
    return true;
  }

  async findSessionsByShop(shop: string): Promise<Session[]> {
    return (await this.db.session.findMany({ where: { shop } })).map(fromRow);
  }
}
