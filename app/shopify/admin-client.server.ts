/**
 * A small Admin GraphQL client for the app's own jobs (sync, write-back),
 * built from an offline session. It paces itself by Shopify's cost
 * extension: waits when the bucket runs low and retries THROTTLED requests.
 * In development and tests `origin` points it at the local Admin API emulator.
 */
import { SHOPIFY_API_VERSION } from "../shopify-api-version";

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export interface GraphqlResponse<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
  extensions?: {
    cost?: { requestedQueryCost: number; actualQueryCost?: number; throttleStatus: ThrottleStatus };
  };
}

export interface AdminGraphql {
  request<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
}

export class AdminApiError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly code: string | null,
  ) {
    super(message);
  }

  /** Worth trying again later (throttling, Shopify or network trouble). */
  get transient(): boolean {
    return this.code === "THROTTLED" || this.status === null || this.status === 429 || this.status >= 500;
  }
}

export interface AdminClientOptions {
  shop: string;
  accessToken: string;
  /** e.g. http://127.0.0.1:4400 for the emulator; default https://<shop>. */
  origin?: string | null;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  maxThrottleRetries?: number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function adminClient(options: AdminClientOptions): AdminGraphql {
  const url = `${options.origin ?? `https://${options.shop}`}/admin/api/${SHOPIFY_API_VERSION}/graphql.json`;
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? defaultSleep;
  let lastStatus: ThrottleStatus | null = null;

  async function once<T>(query: string, variables?: Record<string, unknown>): Promise<GraphqlResponse<T>> {
    let response: Response;
    try {
      response = await doFetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-shopify-access-token": options.accessToken,
          "x-emulated-shop": options.shop,
        },
        body: JSON.stringify({ query, variables }),
      });
    } catch (error) {
      throw new AdminApiError(`Shopify could not be reached: ${(error as Error).message}`, null, null);
    }
    if (!response.ok) {
      throw new AdminApiError(`Shopify answered HTTP ${response.status}`, response.status, null);
    }
    return (await response.json()) as GraphqlResponse<T>;
  }

  return {
    async request<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
      for (let attempt = 0; ; attempt++) {
        if (lastStatus && lastStatus.currentlyAvailable < lastStatus.maximumAvailable / 10) {
          // Let the bucket refill to a tenth before spending more.
          await sleep(
            ((lastStatus.maximumAvailable / 10 - lastStatus.currentlyAvailable) / lastStatus.restoreRate) *
              1000,
          );
        }
        const body = await once<T>(query, variables);
        const cost = body.extensions?.cost;
        if (cost) lastStatus = cost.throttleStatus;
        const throttled = body.errors?.find((error) => error.extensions?.code === "THROTTLED");
        if (throttled && attempt < (options.maxThrottleRetries ?? 10)) {
          const status = cost?.throttleStatus;
          const needed = (cost?.requestedQueryCost ?? 50) - (status?.currentlyAvailable ?? 0);
          await sleep((Math.max(needed, 1) / (status?.restoreRate ?? 50)) * 1000);
          continue;
        }
        if (body.errors?.length) {
          const first = body.errors[0];
          throw new AdminApiError(
            `Shopify rejected the request: ${first?.message ?? "unknown error"}`,
            200,
            first?.extensions?.code ?? null,
          );
        }
        if (body.data === undefined) throw new AdminApiError("Shopify returned no data", 200, null);
        return body.data;
      }
    },
  };
}

/**
 * A fetch that sends requests for https://<shop>/admin/... to the local Admin
 * API emulator at `origin` (naming the shop in x-emulated-shop), and anything
 * else on to `next`. Only installed when SHOPIFY_ADMIN_API_ORIGIN is set.
 */
export function emulatedShopFetch(origin: string, next: typeof fetch): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.protocol !== "https:" || !url.pathname.startsWith("/admin/")) return next(input, init);
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    headers.set("x-emulated-shop", url.hostname);
    return next(`${origin.replace(/\/$/, "")}${url.pathname}${url.search}`, { ...init, headers });
  }) as typeof fetch;
}
