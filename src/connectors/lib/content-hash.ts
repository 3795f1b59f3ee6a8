import { createHash } from "node:crypto";

/** Stable digest of a normalised record: an unchanged re-import is recognised and not rewritten. */
export function contentHash(value: unknown): string {
  return createHash("sha1").update(JSON.stringify(value)).digest("base64url");
}
