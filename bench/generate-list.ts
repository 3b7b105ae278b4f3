/**
 * Writes a synthetic provider export (Klaviyo-shaped) of N rows, streamed so
 * generating a million rows needs no memory. Deterministic for a given seed.
 */

import { once } from "node:events";
import { createWriteStream } from "node:fs";

const TEXT_GOOD = "Yes, send me offers and news from Acme Coffee on WhatsApp. Reply STOP to unsubscribe.";
const TEXT_SMS = "Sign me up for text message offers from Acme Coffee.";
const HEADER =
  "Email,First Name,Last Name,Phone Number,Country,SMS Marketing Consent,Email Marketing Consent,WhatsApp Marketing Consent,WhatsApp Consent Timestamp,WhatsApp Consent Source,WhatsApp Consent Method,WhatsApp Consent Text,Accepts Marketing";

/** A small xorshift PRNG so runs are repeatable. */
function random(seed: number) {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

const PHONES: ((n: number) => string)[] = [
  (n) => `+1 415 ${String(200 + (n % 800)).padStart(3, "0")} ${String(n % 10000).padStart(4, "0")}`,
  (n) => `+44 7700 ${String(n % 1000000).padStart(6, "0")}`,
  (n) => `+34 6${String(n % 100000000).padStart(8, "0")}`,
  (n) => `+55 11 9${String(n % 100000000).padStart(8, "0")}`,
  (n) => `+49 151 ${String(n % 10000000).padStart(7, "0")}`,
  (n) => `(415) 555-${String(n % 10000).padStart(4, "0")}`,
  (n) => `${n % 1000}`,
];

export async function generateList(file: string, rows: number, seed = 42): Promise<void> {
  const next = random(seed);
  const out = createWriteStream(file);
  out.write(`${HEADER}\r\n`);
  for (let index = 0; index < rows; index++) {
    const r = next();
    const phone = PHONES[Math.floor(next() * PHONES.length)]?.(Math.floor(next() * 1e9)) ?? "";
    const whatsapp = r < 0.3 ? "SUBSCRIBED" : r < 0.35 ? "UNSUBSCRIBED" : "NEVER_SUBSCRIBED";
    const proven = r < 0.2;
    const cells = [
      `user${index}@example.com`,
      `First${index % 997}`,
      `Last${index % 991}`,
      phone,
      ["United States", "GB", "ES", "BR", ""][index % 5] ?? "",
      r > 0.5 && r < 0.7 ? "SUBSCRIBED" : "NEVER_SUBSCRIBED",
      r > 0.6 ? "SUBSCRIBED" : "NEVER_SUBSCRIBED",
      whatsapp,
      whatsapp === "SUBSCRIBED" && next() < 0.9 ? new Date(1.7e12 + index * 1000).toISOString() : "",
      proven ? "https://acme.example/pages/whatsapp" : "",
      proven ? "checkbox" : "",
      proven ? `"${TEXT_GOOD.replace(/"/g, '""')}"` : whatsapp === "SUBSCRIBED" ? TEXT_SMS : "",
      r > 0.9 ? "TRUE" : "FALSE",
    ];
    if (!out.write(`${cells.join(",")}\r\n`)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}
