/**
 * Reads an answer to a yes/no question. Only a clear yes confirms: an action that changes an
 * order must never run on "maybe" or on a new question. A yes that takes itself back ("yes… no,
 * hold on", "yes but don't") is a no.
 */
const NO_START =
  /^(no|nope|nah|naw|no thanks|no thank you|not now|not yet|not really|don't|do not|dont|cancel that|stop|never mind|nevermind|wait|hold on|i'd rather not|rather not|leave it)\b/;
const TAKE_BACK =
  /\b(no(?! (rush|worries|problem|hurry))|nope|nah|don't|do not|dont|cancel that|stop|never mind|nevermind|not now|not yet|wait|hold on|changed my mind|rather not)\b/;
const YES_START =
  /^(yes|yeah|yea|yep|yup|ya|yah|sure|ok|okay|alright|all right|please do|go ahead|go for it|do it|let's do it|lets do it|confirm|confirmed|correct|that's right|thats right|absolutely|definitely|of course|sounds good|y)\b/;
// Words that mean yes only when they are the whole answer ("please" vs "please check my order").
const YES_ALONE = /^(please|right|fine|great|perfect|k|cool|yes please)( thanks| thank you)?$/;
const YES_ANYWHERE = /\b(yes please|go ahead|please proceed|proceed|i confirm|confirm it|please do|do it|sounds good|that's fine|that works)\b/;

export function readConfirmation(text: string): "yes" | "no" | "unclear" {
  const t = text
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[^a-z' ]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (!t) return "unclear";
  if (NO_START.test(t)) return "no";
  const yes = YES_START.test(t) || YES_ALONE.test(t) || YES_ANYWHERE.test(t);
  const takenBack = TAKE_BACK.test(t);
  if (yes && !takenBack) return "yes";
  if (takenBack) return "no";
  return "unclear";
}
