/**
 * Fixed-window rate limits for public routes, per key (shop + client). Kept
 * in process memory: each app instance limits on its own, which bounds abuse
 * without a shared store (the ledger's correctness never depends on it).
 */
const windows = new Map<string, { start: number; count: number }>();
const WINDOW_MS = 60_000;

export function rateLimited(key: string, perMinute: number, now = Date.now()): boolean {
  const window = windows.get(key);
  if (!window || now - window.start >= WINDOW_MS) {
    if (windows.size > 100_000) windows.clear();
    windows.set(key, { start: now, count: 1 });
    return false;
  }
  window.count += 1;
  return window.count > perMinute;
}

export function tooManyRequests(): Response {
  return Response.json(
    { error: "Too many requests. Please wait a minute and try again." },
    { status: 429, headers: { "Retry-After": "60" } },
  );
}
