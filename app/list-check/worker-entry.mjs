// Entry of a check-list worker thread. The project runs TypeScript through
// tsx (bin/wa-consent.js, `node --import tsx`, vitest): a worker thread does
// not inherit every way of loading it, so it registers tsx itself, then loads
// the TypeScript side. Registering again where tsx is already active is harmless.
import { register } from "tsx/esm/api";

register();
const { serveWorker } = await import(new URL("./worker.ts", import.meta.url).href);
serveWorker();
