/**
 * How much every export reads at once. A page of contacts is one range of an
 * index; whatever is looked up for a page (its evidence events, the settled
 * contacts sharing its phones and emails) travels as ONE JSON parameter
 * (findByKeys in app/db/bulk-sql.server.ts), never as an IN list with a
 * parameter per key. SQLite refuses more than 32,766 host parameters (999
 * before 3.32, and Prisma's own check refused a few thousand), PostgreSQL
 * more than 65,535: a page of any size stays far below every limit.
 */
export const EXPORT_PAGE = 2000;
