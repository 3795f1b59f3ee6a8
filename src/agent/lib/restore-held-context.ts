import type { DialogueState } from "../dialogue/dialogue.types";

/**
 * Once the contact has proven itself, the order the case is about — held back while it was
 * unproven — is back in hand, so the customer is not asked again which order it was.
 */
export function restoreHeldContext(state: DialogueState): DialogueState {
  const held = state.heldOrder;
  if (!held) return state;
  state.heldOrder = undefined;
  state.order ??= held;
  if (!state.orders.includes(held)) state.orders = [...state.orders, held].slice(-10);
  return state;
}
