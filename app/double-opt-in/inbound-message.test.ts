import { describe, expect, it } from "vitest";
import { inboundIntent } from "./inbound-message";

describe("inboundIntent", () => {
  it.each(["STOP", "stop", " Stop! ", "BAJA", "Parar", "STOPP", "arrêt", "Annulla", "unsubscribe"])(
    "%s means stop",
    (text) => {
      expect(inboundIntent(text)).toEqual({ kind: "stop" });
    },
  );

  it.each(["CONFIRM 1a2b3c4d", "Please confirm 1A2B3C4D thanks", "CONFIRM   1A2B3C4D", "Confirm\n 1a2b3c4d"])(
    "%s confirms a code",
    (text) => {
      expect(inboundIntent(text)).toEqual({ kind: "confirm", code: "1A2B3C4D" });
    },
  );

  it.each(["Hello", "don't stop the music", "CONFIRM 123"])("%s is neither", (text) => {
    expect(inboundIntent(text)).toEqual({ kind: "other" });
  });
});
