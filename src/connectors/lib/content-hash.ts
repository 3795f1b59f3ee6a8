import { createHash } from "node:crypto";

/** Stable digest of a normalised record: an unchanged re-import is recognised and not rewritten. */
export function contentHash(value: unknown): string {
  return jsonContentHash(JSON.stringify(value));
}

/** The same digest from the record's JSON text, when the caller needs that text anyway. */
export function jsonContentHash(json: string): string {
  return createHash("sha1").update(json).digest("base64url");
}
