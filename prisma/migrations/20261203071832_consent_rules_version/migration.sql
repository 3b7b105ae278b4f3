-- Written by hand: SQLite adds a column with a constant default in place, without
-- rebuilding the table and its indexes (the drafted migration rebuilt both tables).
ALTER TABLE "Contact" ADD COLUMN "rulesVersion" TEXT NOT NULL DEFAULT '';

ALTER TABLE "Shop" ADD COLUMN "rulesVersion" TEXT NOT NULL DEFAULT '';
