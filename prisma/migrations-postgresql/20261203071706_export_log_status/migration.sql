ALTER TABLE "ExportLog" ADD COLUMN     "status" TEXT NOT NULL DEFAULT 'completed';
