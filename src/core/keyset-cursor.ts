import { invalid } from "./errors";

/**
 * Opaque page cursors: base64url of the sort key of the last row returned. Callers hand them
 * back unchanged; anything else is refused naming the `cursor` field.
 */
export function encodeCursor(parts: readonly (string | number)[]): string {
  return Buffer.from(parts.join("|")).toString("base64url");
}

export function decodeCursor(raw: string, arity: number, code: string): string[] {
  const parts = Buffer.from(raw, "base64url").toString("utf8").split("|");
  if (parts.length !== arity || parts.some((part) => part === "")) throw badCursor(code);
  return parts;
}

export const badCursor = (code: string) => invalid(code, "cursor", "cursor is not one this API returned");

/** A cursor part that must be a timestamp. */
export function cursorDate(part: string, code: string): Date {
  const date = new Date(part);
  if (Number.isNaN(date.getTime())) throw badCursor(code);
  return date;
}

/** A cursor part that must be a non-negative integer (a sequence number). */
export function cursorSeq(part: string, code: string): number {
  const value = Number(part);
  if (!/^\d{1,16}$/.test(part) || !Number.isSafeInteger(value)) throw badCursor(code);
  return value;
}
