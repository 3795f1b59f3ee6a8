/**
 * PostgreSQL text cannot hold NUL, and a lone surrogate cannot be encoded as UTF-8 (jsonb refuses
 * it); such strings are refused at the edge rather than failing deep inside a query.
 */
export const isStorableText = (value: string): boolean => !value.includes("\u0000") && value.isWellFormed();
