export { createWebChatChannel } from "./web-chat.adapter";
