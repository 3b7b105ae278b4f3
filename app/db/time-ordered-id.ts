import { randomUUID } from "node:crypto";

/**
 * A UUID version 7 (RFC 9562): milliseconds since 1970 in the first 48 bits,
 * then a 12-bit counter, then random bits. Ids made one after another sort
 * one after another, so a batch of new rows appends to the end of every
 * index keyed by id instead of landing on a random page each: a large sync
 * writes a fraction of the pages that random (version 4) ids made it write.
 */
let lastMs = -1;
let counter = 0;

export function timeOrderedId(now: number = Date.now()): string {
  // randomUUID draws from Node's entropy cache: far cheaper than randomBytes per id.
  const random = randomUUID();
  if (now > lastMs) {
    lastMs = now;
    // Start low in the counter's range so that a burst rarely overflows it.
    counter = Number.parseInt(random.slice(0, 2), 16);
  } else {
    // Same millisecond (or the clock went back): the counter keeps the order.
    counter += 1;
    if (counter > 0xfff) {
      lastMs += 1;
      counter = 0;
    }
  }
  const time = lastMs.toString(16).padStart(12, "0");
  const sequence = counter.toString(16).padStart(3, "0");
  // random's version nibble (14) is replaced; its variant nibble (19) is already RFC 9562's.
  return `${time.slice(0, 8)}-${time.slice(8)}-7${sequence}-${random.slice(19)}`;
}
