/**
 * Reads an answer to a yes/no question. Only a clear yes confirms: an action that changes an
 * order must never run on "maybe" or on a new question.
 */
export function readConfirmation(text: string): "yes" | "no" | "unclear" {
  const t = text
    .toLowerCase()
    .replace(/[^a-z' ]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (!t) return "unclear";
  if (/\b(no|nope|nah|don't|do not|dont|cancel that|stop|never mind|nevermind|not now|wait|hold on)\b/.test(t))
    return "no";
  if (
    /^(yes|yeah|yep|yup|sure|ok|okay|please do|go ahead|do it|confirm|confirmed|correct|that's right|right|absolutely|definitely|y)\b/.test(
      t,
    ) ||
    /\b(yes please|go ahead|please proceed|i confirm|confirm it)\b/.test(t)
  )
    return "yes";
  return "unclear";
}
