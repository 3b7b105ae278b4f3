/**
 * Fixed-window rate limits for public routes, per key (shop + client). Kept
 * in process memory: each app instance limits on its own, which bounds abuse
 * without a shared store (the ledger's correctness never depends on it).
 */
const windows = new Map<string, { start: number; count: number }>();
const WINDOW_MS = 60_000;
/** Keys remembered at most: a flood of new keys (forged client addresses) cannot grow memory. */
export const MAX_TRACKED_KEYS = 100_000;

export function rateLimited(key: string, perMinute: number, now = Date.now()): boolean {
  const window = windows.get(key);
  if (!window || now - window.start >= WINDOW_MS) {
    if (!window && windows.size >= MAX_TRACKED_KEYS) makeRoom(now);
    windows.set(key, { start: now, count: 1 });
    return false;
  }
  window.count += 1;
  return window.count > perMinute;
}

/**
 * Frees a tenth of the table: expired windows first, then keys seen once
 * this minute (what a flood of forged keys is made of), then the oldest.
 * Never all of it: clearing the map let such a flood reset the count of a
 * client or shop that was being limited.
 */
function makeRoom(now: number) {
  const target = Math.floor(MAX_TRACKED_KEYS * 0.9);
  const passes = [
    (window: { start: number; count: number }) => now - window.start >= WINDOW_MS,
    (window: { start: number; count: number }) => window.count <= 1,
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
