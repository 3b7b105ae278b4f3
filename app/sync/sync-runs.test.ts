import { describe, expect, it } from "vitest";
import { bulkFailure } from "./sync-runs.server";

describe("bulkFailure", () => {
  it("names why a bulk operation ended without its file, from its status and error code", () => {
    expect(bulkFailure("FAILED", "ACCESS_DENIED")).toBe("access_denied");
    expect(bulkFailure("FAILED", "TIMEOUT")).toBe("shopify_timeout");
    expect(bulkFailure("FAILED", "INTERNAL_SERVER_ERROR")).toBe("shopify_error");
    // A failure with a code this app does not know yet is still a failure on Shopify's side.
    expect(bulkFailure("FAILED", null)).toBe("shopify_error");
    expect(bulkFailure("CANCELED", null)).toBe("canceled");
    expect(bulkFailure("EXPIRED", null)).toBe("expired");
  });

  it("is no failure while the operation is under way or done", () => {
    for (const status of ["CREATED", "RUNNING", "CANCELING", "COMPLETED"])
      expect(bulkFailure(status, null)).toBeNull();
  });
});
