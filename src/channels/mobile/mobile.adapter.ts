import type { MessageContext } from "../../agent";
import { conversationIdentities, type RealtimeChannel } from "../../realtime";

/**
 * The mobile app over the realtime protocol. The device's location becomes the message's
 * location ("the nearest store that has this" is answered from it), the product on screen
 * becomes the page context, and the channel `mobile` makes the agent answer concisely.
 */
export function createMobileChannel(): RealtimeChannel {
  return {
    name: "mobile",
    toInbound(conversation, message) {
      const { page, location, locale } = message.context;
      const context: MessageContext = {};
      if (page?.productId || page?.sku) {
        context.page = {
          ...(page.productId ? { productId: page.productId } : {}),
          ...(page.sku ? { sku: page.sku } : {}),
          ...(page.cartId ? { cartId: page.cartId } : {}),
        };
      }
      if (location) context.location = { latitude: location.latitude, longitude: location.longitude };
      if (locale) context.locale = locale;
      return {
        workspaceId: conversation.workspaceId,
        channel: "mobile",
        identities: conversationIdentities(conversation),
        text: message.text,
        context,
      };
    },
  };
}
