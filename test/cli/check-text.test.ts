import { describe, expect, it } from "vitest";
import { cli } from "../helpers/cli";

describe("wa-consent check-text", () => {
  it("exits 0 for wording that names WhatsApp and the brand", async () => {
    const result = await cli(
      "check-text",
      "Send me offers and news from Acme Coffee on WhatsApp. Reply STOP to unsubscribe.",
      "--brand",
      "Acme Coffee",
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Acceptable");
    expect(result.stdout).toContain("NAMES_WHATSAPP");
  });

  it("exits 1 and explains why for SMS wording", async () => {
    const result = await cli(
      "check-text",
      "Get text message deals from Acme Coffee.",
      "--brand",
      "Acme Coffee",
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("MISSING_WHATSAPP");
  });

  it("prints the analysis as JSON with --json", async () => {
    const result = await cli(
      "check-text",
      "Ofertas de Acme Coffee por WhatsApp",
      "--brand",
      "Acme Coffee",
      "--json",
    );
    const analysis = JSON.parse(result.stdout);
    expect(analysis).toMatchObject({ namesWhatsApp: true, namesBrand: true });
    expect(result.code).toBe(analysis.acceptable ? 0 : 1);
  });

  it.each([
    [["check-text", "WhatsApp offers from Acme"], "--brand"],
    [["check-text", "--brand", "Acme"], "consent text"],
    [["check-text", "two", "words", "--brand", "Acme"], "quotes"],
    [["check-text", "text", "--brand", "Acme", "--colour"], "--colour"],
    [["check-txt"], "unknown command"],
    // Names of Object's own methods (found by the CLI fuzz test): unknown commands too.
    [["valueOf"], "unknown command"],
    [["constructor"], "unknown command"],
    [[], "Usage"],
  ])("exits 2 with a clear message on bad usage %#", async (argv, message) => {
    const result = await cli(...argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe("");
  });
});
