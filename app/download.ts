/**
 * A file to send: what it holds and what it is called, not how it travels.
 * Domain code (exports, list-check outputs) returns one; downloadResponse in
 * app/http/answers.ts sends it.
 */
export interface Download {
  body: ReadableStream<Uint8Array>;
  contentType: string;
  fileName: string;
  /** Bytes, when known before sending. */
  size?: number;
  /** Only the person who asked may keep a copy (a merchant's uploaded list). */
  privateCopy?: boolean;
}
