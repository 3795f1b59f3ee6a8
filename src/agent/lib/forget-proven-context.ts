import type { DialogueState } from "../dialogue/dialogue.types";

/**
 * A case is shared by every contact that reaches it, so what a proven contact learned (its order
 * numbers, the action it was asked to confirm, the address it gave) must not be read back to a
 * contact without that proof: an unverified contact starts from a clean slate. Sentiment, failure
 * counts and the last request stay, as they describe the conversation rather than the customer's
 * data. The order the case is about is held back (`heldOrder`), never read to the contact, and
 * comes back once it proves itself, so the customer is not asked again which order it was.
 */
export function forgetProvenContext(state: DialogueState): DialogueState {
  const { orders: _orders, order, pending: _pending, newAddress: _address, returnRequest: _request, proof: _proof, heldOrder, ...kept } = state;
  const held = order ?? heldOrder;
  return { ...kept, orders: [], ...(held ? { heldOrder: held } : {}) };
}
