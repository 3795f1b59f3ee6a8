import type { MessageContext } from "../../agent";
import { conversationIdentities, type RealtimeChannel } from "../../realtime";

/**
 * The web chat widget over the realtime protocol. It only translates: the page the shopper is
 * on becomes the message's context ("this" means its product), and the reply is written in the
 * web chat's style (detail allowed) because the channel is `web_chat`.
 */
export function createWebChatChannel(): RealtimeChannel {
  return {
    name: "web_chat",
    toInbound(conversation, message) {
      const page = message.context.page;
      const context: MessageContext = {};
      if (page) {
        context.page = {
          ...(page.url ? { url: page.url } : {}),
          ...(page.productId ? { productId: page.productId } : {}),
          ...(page.sku ? { sku: page.sku } : {}),
          ...(page.cartId ? { cartId: page.cartId } : {}),
        };
      }
      if (message.context.location) context.location = message.context.location;
      if (message.context.locale) context.locale = message.context.locale;
      return {
        workspaceId: conversation.workspaceId,
        channel: "web_chat",
        identities: conversationIdentities(conversation),
        text: message.text,
        context,
      };
    },
  };
}
