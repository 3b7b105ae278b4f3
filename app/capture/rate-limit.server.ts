/**
 * Fixed-window rate limits for public routes, per key (shop + client). Kept
 * in process memory: each app instance limits on its own, which bounds abuse
 * without a shared store (the ledger's correctness never depends on it).
 */
interface Window {
  start: number;
  count: number;
  limit: number;
}

/** In order of window start: a key whose window restarts moves to the end. */
const windows = new Map<string, Window>();
const WINDOW_MS = 60_000;
/** Keys remembered at most: a flood of new keys (forged client addresses) cannot grow memory. */
export const MAX_TRACKED_KEYS = 100_000;

export function rateLimited(key: string, perMinute: number, now = Date.now()): boolean {
  const window = windows.get(key);
  if (!window || now - window.start >= WINDOW_MS) {
    if (window) windows.delete(key);
    else if (windows.size >= MAX_TRACKED_KEYS) makeRoom(now);
    windows.set(key, { start: now, count: 1, limit: perMinute });
    return false;
  }
  window.count += 1;
  return window.count > window.limit;
}

/**
 * Frees a tenth of the table: expired windows first, then keys within their
 * limit (what a flood of forged keys is made of), and only as a last resort
 * the oldest windows of keys being limited, which would take over a hundred
 * thousand keys each past its limit within one minute. Clearing the whole
 * table instead let any flood reset the count of a client or shop being
 * limited.
 */
function makeRoom(now: number) {
  const target = Math.floor(MAX_TRACKED_KEYS * 0.9);
  const passes = [
    (window: Window) => now - window.start >= WINDOW_MS,
    (window: Window) => window.count <= window.limit,
    () => true,
  ];
  for (const evictable of passes) {
    for (const [key, window] of windows) {
      if (windows.size <= target) return;
      if (evictable(window)) windows.delete(key);
    }
  }
}

export function tooManyRequests(): Response {
  return Response.json(
    { error: "Too many requests. Please wait a minute and try again." },
    { status: 429, headers: { "Retry-After": "60" } },
  );
}
