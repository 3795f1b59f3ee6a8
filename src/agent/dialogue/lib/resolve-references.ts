import type { MessageContext } from "../../agent.types";
import type { Understanding } from "../../nlu";
import type { DialogueState } from "../dialogue.types";

export type References = {
  /** The intent to act on: the classifier's, or the previous one for a follow-up like "what about tomorrow?". */
  intent: string;
  carriedOver: boolean;
  /** A follow-up or correction of the previous request ("and…", "what about…", "no, the blue one"). */
  followUp: boolean;
  correction: boolean;
  /** "The other order" when the conversation knows only one: list the customer's others. */
  otherOrder?: boolean;
  orderNumber?: string;
  productId?: string;
  sku?: string;
  storeId?: string;
  date?: string;
  size?: string;
  colour?: string;
  postalCode?: string;
  /** What came from context rather than from the message itself, for the turn record. */
  resolved: Record<string, string>;
};

const FOLLOW_UP = /^\s*(and|also|plus|what about|how about|and what about|what if|same for|no[,.! ]|nope|not that|actually|i meant|i mean|sorry,? i meant)\b/i;
const CORRECTION = /^\s*(no[,.! ]|nope|not that|actually|i meant|i mean|sorry,? i meant|wrong)/i;
const DEICTIC = /\b(this|it|this one|this item|that one|these|the one on (the|this) page)\b/i;
const OTHER_ORDER = /\b(other|second|another|previous|first|older|newer|earlier) (order|one|purchase)\b/i;
const SOCIAL_OR_UNSURE = new Set(["greeting", "thanks", "goodbye", "out_of_scope"]);

/**
 * Resolves what a message refers to from the conversation and the page: "this" is the product on
 * the page, "the other order" is the order not discussed last, and a follow-up or correction keeps
 * the previous intent with the new detail.
 */
export function resolveReferences(input: {
  text: string;
  understanding: Understanding;
  state: DialogueState;
  context: MessageContext;
}): References {
  const { text, understanding, state, context } = input;
  const entity = (type: string) => understanding.entities.find((e) => e.type === type)?.value;
  const resolved: Record<string, string> = {};
  const refs: References = {
    intent: understanding.intent,
    carriedOver: false,
    followUp: false,
    correction: false,
    resolved,
  };

  const followUp = FOLLOW_UP.test(text);
  refs.correction = CORRECTION.test(text) && Boolean(state.lastIntent);
  const weak = SOCIAL_OR_UNSURE.has(understanding.intent) || understanding.confidence < 0.5;
  if (state.lastIntent && (refs.correction || (followUp && (weak || understanding.confidence < 0.8)))) {
    refs.intent = state.lastIntent;
    refs.followUp = true;
    refs.carriedOver = refs.intent !== understanding.intent;
    if (refs.carriedOver) resolved.intent = `${state.lastIntent} (follow-up)`;
  }

  refs.orderNumber = entity("order_number");
  if (!refs.orderNumber && OTHER_ORDER.test(text) && state.orders.length > 1) {
    const other = [...state.orders].reverse().find((n) => n !== state.order);
    if (other) {
      refs.orderNumber = other;
      resolved.orderNumber = `${other} (the other order)`;
    }
  }
  if (!refs.orderNumber && OTHER_ORDER.test(text) && state.orders.length <= 1) {
    refs.otherOrder = true;
    resolved.orderNumber = "the other order (to be listed)";
  } else if (!refs.orderNumber && state.order) {
    refs.orderNumber = state.order;
    resolved.orderNumber = `${state.order} (from the conversation)`;
  }

  const pageProduct = context.page?.productId;
  const pageSku = context.page?.sku;
  refs.productId = entity("product");
  if (!refs.productId && (pageProduct || pageSku) && (DEICTIC.test(text) || !state.product)) {
    refs.productId = pageProduct;
    refs.sku = pageSku;
    resolved.product = `${pageProduct ?? pageSku} (on the page)`;
  }
  if (!refs.productId && !refs.sku && state.product) {
    refs.productId = state.product.id;
    resolved.product = `${state.product.id} (from the conversation)`;
  }

  refs.storeId = entity("store");
  if (!refs.storeId && state.store) {
    refs.storeId = state.store.id;
    resolved.store = `${state.store.id} (from the conversation)`;
  }
  refs.date = entity("date");
  refs.size = entity("size") ?? state.variant?.size;
  refs.colour = entity("colour") ?? state.variant?.colour;
  if (!entity("size") && refs.size) resolved.size = `${refs.size} (from the conversation)`;
  if (!entity("colour") && refs.colour) resolved.colour = `${refs.colour} (from the conversation)`;
  refs.postalCode = entity("postal_code");
  return refs;
}
