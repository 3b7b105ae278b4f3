/** Retry schedule and response classification for sending one decision. */

export interface RetryPolicy {
  /** Total tries, the first included. */
  maxAttempts: number;
  /** Wait before the 2nd try; each later wait is multiplied by `factor`, up to `maxDelayMs`. */
  baseDelayMs: number;
  factor: number;
  maxDelayMs: number;
}

/** 5 tries over about 15 s: 1 s, 2 s, 4 s, 8 s between them. */
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 1000, factor: 2, maxDelayMs: 8000 };

/** The waits before tries 2..maxAttempts (empty when there is a single try). */
export function retryDelays(policy: RetryPolicy): number[] {
  const delays: number[] = [];
  for (let attempt = 1; attempt < policy.maxAttempts; attempt += 1) {
    delays.push(Math.min(policy.baseDelayMs * policy.factor ** (attempt - 1), policy.maxDelayMs));
  }
  return delays;
}

/**
 * How one HTTP answer ends a try.
 * - 200/201: the app has the decision (recorded now or already before).
 * - 401: the session token was refused; a fresh one may work, so try again.
 * - 408/425/429 and 5xx: transient.
 * - any other 4xx: the app rejects the request itself; retrying cannot help.
 */
export type Verdict = "success" | "retry" | "permanent";

export function classifyStatus(status: number): Verdict {
  if (status === 200 || status === 201) return "success";
  if (status === 401 || status === 408 || status === 425 || status === 429 || status >= 500) return "retry";
  if (status >= 400) return "permanent";
  // 1xx/3xx/other 2xx: not what the endpoint promises; treat as transient.
  return "retry";
}

export interface AttemptResult<T> {
  verdict: Verdict;
  value?: T;
}

export interface RetryOutcome<T> {
  /** "exhausted": every try ended in "retry". */
  result: "success" | "permanent" | "exhausted";
  attempts: number;
  value?: T;
}

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` until it succeeds, fails permanently, or the policy's tries
 * are used up, waiting the backoff delays in between. A thrown error counts
 * as a transient failure (network down, token unavailable).
 */
export async function runWithRetry<T>(
  attempt: (attemptNumber: number) => Promise<AttemptResult<T>>,
  policy: RetryPolicy = DEFAULT_RETRY,
  sleep: Sleep = realSleep,
): Promise<RetryOutcome<T>> {
  const delays = retryDelays(policy);
  const tries = Math.max(1, policy.maxAttempts);
  for (let n = 1; n <= tries; n += 1) {
    let outcome: AttemptResult<T>;
    try {
      outcome = await attempt(n);
    } catch {
      outcome = { verdict: "retry" };
    }
    if (outcome.verdict === "success") return { result: "success", attempts: n, value: outcome.value };
    if (outcome.verdict === "permanent") return { result: "permanent", attempts: n, value: outcome.value };
    const wait = delays[n - 1];
    if (n < tries && wait !== undefined) await sleep(wait);
  }
  return { result: "exhausted", attempts: tries };
}
