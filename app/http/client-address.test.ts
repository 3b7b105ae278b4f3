import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseAppEnv } from "../env.server";
import {
  clientAddress,
  clientAddressFrom,
  PEER_ADDRESS_HEADER,
  truncateAddress,
  truncatedClientAddress,
} from "./client-address";

const address = fc.ipV4();

describe("clientAddressFrom", () => {
  it("with no trusted proxy, the connection's peer, whatever the client wrote", () => {
    fc.assert(
      fc.property(address, fc.array(address), (peer, written) => {
        expect(clientAddressFrom(peer, written.join(", "), 0)).toBe(peer);
      }),
    );
  });

  it("behind n proxies, the entry n places from the right: entries written by the client never count", () => {
    fc.assert(
      fc.property(
        fc.array(address),
        fc.array(address, { minLength: 1, maxLength: 4 }),
        address,
        (written, appended, peer) => {
          // Each trusted proxy appended the address it saw; the last one connected to us.
          const header = [...written, ...appended].join(", ");
          expect(clientAddressFrom(peer, header, appended.length)).toBe(appended[0]);
        },
      ),
    );
  });

  it("fewer entries than trusted proxies: the furthest address there is", () => {
    expect(clientAddressFrom("10.0.0.2", "", 2)).toBe("10.0.0.2");
    expect(clientAddressFrom("10.0.0.2", "198.51.100.7", 3)).toBe("198.51.100.7");
    expect(clientAddressFrom(null, null, 0)).toBeNull();
  });

  it("App Proxy requests count Shopify's proxy as one more hop", () => {
    const request = new Request("https://app.example.test/proxy/optin", {
      headers: { [PEER_ADDRESS_HEADER]: "10.0.0.2", "x-forwarded-for": "6.6.6.6, 198.51.100.7, 23.227.38.1" },
    });
    expect(clientAddress(request, 1, true)).toBe("198.51.100.7");
    expect(clientAddress(request, 1, false)).toBe("23.227.38.1");
    // Not through the App Proxy unless the caller says so.
    expect(clientAddress(request, 1)).toBe("23.227.38.1");
    expect(clientAddress(request, 0, false)).toBe("10.0.0.2");
  });

  it("truncates IPv4 to its /24 and IPv6 to its /48", () => {
    expect(truncateAddress("198.51.100.7")).toBe("198.51.100.0");
    expect(truncateAddress("2001:db8:abcd:12::1")).toBe("2001:db8:abcd::");
    expect(truncateAddress("not an address")).toBeNull();
    // The whole last octet goes, however many digits it has.
    expect(truncateAddress("203.0.113.77")).toBe("203.0.113.0");
  });

  it("keeps nothing of what only looks like an IPv4 address, and nothing of no address", () => {
    expect(truncateAddress("a1.2.3.4")).toBeNull();
    expect(truncateAddress("1.2.3.4x")).toBeNull();
    expect(truncateAddress(null)).toBeNull();
    expect(truncateAddress("")).toBeNull();
  });

  it("without X-Forwarded-For, the peer is the client however many proxies are trusted", () => {
    expect(clientAddressFrom("10.0.0.2", null, 1)).toBe("10.0.0.2");
    expect(clientAddressFrom("10.0.0.2", null, 3)).toBe("10.0.0.2");
  });

  it("an IPv4-mapped IPv6 address counts as its IPv4 address; other IPv6 addresses are kept whole", () => {
    const from = (peer: string | null) =>
      clientAddress(
        new Request("https://app.example.test/", { headers: peer ? { [PEER_ADDRESS_HEADER]: peer } : {} }),
        0,
      );
    expect(from("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(from("2001:db8::ffff:1")).toBe("2001:db8::ffff:1");
    expect(from(null)).toBeNull();
  });
});

describe("TRUST_PROXY_HOPS and REDIS_URL in the environment", () => {
  const base = { SHOPIFY_API_KEY: "k", SHOPIFY_API_SECRET: "s", SHOPIFY_APP_URL: "https://app.example.test" };

  it("defaults to clients connecting directly and counters in memory", () => {
    expect(parseAppEnv(base).TRUST_PROXY_HOPS).toBe(0);
    expect(parseAppEnv(base).REDIS_URL).toBeUndefined();
    expect(
      parseAppEnv({ ...base, TRUST_PROXY_HOPS: "1", REDIS_URL: "redis://127.0.0.1:6379" }),
    ).toMatchObject({
      TRUST_PROXY_HOPS: 1,
      REDIS_URL: "redis://127.0.0.1:6379",
    });
  });

  it.each([
    ["-1", /cannot be negative/],
    ["1.5", /whole number of proxies/],
    ["one", /whole number of proxies/],
    ["11", /more than 10 proxies/],
  ])("refuses TRUST_PROXY_HOPS=%s with a reason", (value, reason) => {
    expect(() => parseAppEnv({ ...base, TRUST_PROXY_HOPS: value })).toThrow(reason);
  });

  it("the truncated client address of a request follows TRUST_PROXY_HOPS, and the App Proxy's hop only when asked", () => {
    Object.assign(process.env, { ...base, TRUST_PROXY_HOPS: "0" });
    const request = new Request("https://app.example.test/checkout/optin", {
      headers: { [PEER_ADDRESS_HEADER]: "203.0.113.7", "x-forwarded-for": "198.51.100.1" },
    });
    expect(truncatedClientAddress(request)).toBe("203.0.113.0");
    expect(truncatedClientAddress(request, true)).toBe("198.51.100.0");
  });

  it("refuses a REDIS_URL that is not a Redis URL", () => {
    expect(() => parseAppEnv({ ...base, REDIS_URL: "http://127.0.0.1:6379" })).toThrow(/redis:\/\//);
    expect(() => parseAppEnv({ ...base, REDIS_URL: "127.0.0.1:6379" })).toThrow(/REDIS_URL/);
  });
});
