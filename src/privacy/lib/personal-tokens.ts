/** Shorter values would match unrelated text across the workspace (a first name, a house number). */
const MIN_TOKEN_LENGTH = 5;

/**
 * The strings that identify one customer wherever they were copied: names, email addresses,
 * phone numbers (as stored, without "+", and the national ten digits), other identity values and
 * street lines. Single-word names, postal codes and cities are left out: they are shared by other customers, neighbours and stores.
 */
export function personalTokens(input: {
  names: Array<string | null | undefined>;
  identities: Array<{ kind: string; value: string }>;
  streetLines?: Array<string | null | undefined>;
}): string[] {
  const tokens = new Set<string>();
  const add = (value: string | null | undefined) => {
    const trimmed = value?.trim();
    if (trimmed && trimmed.length >= MIN_TOKEN_LENGTH) tokens.add(trimmed);
  };
  // A lone first name ("Maria") is shared by other people in the workspace; only a full name is
  // specific enough to replace wherever it appears. Key-linked content is erased regardless.
  for (const name of input.names) if (name && /\S\s+\S/.test(name.trim())) add(name);
  for (const line of input.streetLines ?? []) add(line);
  for (const identity of input.identities) {
    add(identity.value);
    if (identity.kind === "phone") {
      const digits = identity.value.replace(/\D/g, "");
      add(digits);
      if (digits.length > 10) add(digits.slice(-10));
    }
  }
  // Longest first, so an alternation replaces "bob.norman@mail.example" before a shorter part of it.
  return [...tokens].sort((a, b) => b.length - a.length);
}

/** A PostgreSQL regular expression (ARE) matching any token literally. */
export function tokenPattern(tokens: string[]): string {
  return tokens.map((token) => token.replace(/[\\.^$*+?()[\]{}|]/g, "\\$&")).join("|");
}
