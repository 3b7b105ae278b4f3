/**
 * Fixed-window rate limits for public routes, per key (a shop, or a shop and
 * a client), counted with rate-limiter-flexible. With REDIS_URL the counters
 * live in Redis and every instance of the app shares them; a Redis that
 * fails or is slow to answer falls back to this instance's own counters
 * (the library's insurance limiter) rather than refusing shoppers or
 * letting everything through. Without REDIS_URL the counters are in memory,
 * per instance. The ledger's correctness never depends on them.
 */
import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { appEnv } from "../env.server";

const WINDOW_SECONDS = 60;
/** A Redis answer slower than this counts as a failure: the instance's own counters answer. */
const REDIS_TIMEOUT_MS = 250;
/** How long the first request waits for the first connection (later, a Redis not connected is skipped at once). */
const FIRST_CONNECTION_MS = 2000;

type Limiter = RateLimiterMemory | RateLimiterRedis;
const limiters = new Map<number, Limiter>();
let redis: Redis | null | undefined;
let firstConnection: Promise<void> = Promise.resolve();

function sharedStore(): Redis | null {
  if (redis === undefined) {
    const url = appEnv().REDIS_URL;
    // No offline queue: while Redis is away a request is counted here at once, never held up.
    redis = url
      ? new Redis(url, {
          // Named after the key prefix, so an operator's CLIENT LIST tells whose connection it is.
          connectionName: `${appEnv().REDIS_KEY_PREFIX}rate-limits`.replace(/[^\x21-\x7e]/g, "_"),
          commandTimeout: REDIS_TIMEOUT_MS,
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
        })
      : null;
    if (redis) {
      const client = redis;
      // Errors surface per command (and fall back); the connection retries on its own.
      client.on("error", () => undefined);
      firstConnection = new Promise((resolve) => {
        const timer = setTimeout(resolve, FIRST_CONNECTION_MS);
        client.once("ready", () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
  return redis;
}

/** One limiter per allowance; the key says whose count it is. */
function limiterFor(perMinute: number): Limiter {
  let limiter = limiters.get(perMinute);
  if (!limiter) {
    const options = {
      points: perMinute,
      duration: WINDOW_SECONDS,
      keyPrefix: `${appEnv().REDIS_KEY_PREFIX}rate:${perMinute}`,
    };
    const store = sharedStore();
    limiter = store
      ? new RateLimiterRedis({
          ...options,
          storeClient: store,
          insuranceLimiter: new RateLimiterMemory(options),
        })
      : new RateLimiterMemory(options);
    limiters.set(perMinute, limiter);
  }
  return limiter;
}

/** Counts one request against `key`; true once the key is past `perMinute` within the window. */
export async function rateLimited(key: string, perMinute: number): Promise<boolean> {
  const limiter = limiterFor(perMinute);
  await firstConnection;
  try {
    await limiter.consume(key);
    return false;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return true;
    throw rejection;
  }
}

/**
 * Closes the shared Redis connection, if one was opened, and forgets every
 * limiter (server.js on SIGTERM, through stopJobs): a stopping instance leaves
 * no socket behind. A later request opens a fresh one.
 */
export async function closeRateLimits(): Promise<void> {
  const client = redis;
  redis = undefined;
  limiters.clear();
  firstConnection = Promise.resolve();
  if (client) await client.quit().catch(() => client.disconnect());
}
