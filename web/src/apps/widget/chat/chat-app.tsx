import { useEffect, useRef, useState } from "preact/hooks";
import type { ConversationClient, ConversationView } from "../../../modules/conversation/conversation-client";
import { IconButton } from "../../../ui/button";
import { CloseIcon } from "../../../ui/icons";
import { Composer } from "./composer";
import { MessageList } from "./message-list";

const STATUS_TEXT: Record<ConversationView["status"], string | null> = {
  online: null,
  connecting: "Connecting…",
  reconnecting: "Reconnecting… messages you write now will be sent.",
  offline: "You're offline. Messages will be sent when you're back online.",
};

function headline(view: ConversationView): string {
  if (view.assigneeName) return `You're chatting with ${view.assigneeName}`;
  if (view.caseStatus === "closed" || view.caseStatus === "resolved")
    return "This conversation is closed; write to reopen it";
  return "We usually answer right away";
}

export function ChatApp(props: {
  client: ConversationClient;
  title: string;
  /** Embedded in a page: the header offers to close the panel. */
  embedded: boolean;
  onClose(): void;
  /** Set when the loader opens the panel, so the field gets focus. */
  focusSignal: number;
  visible: boolean;
}) {
  const { client } = props;
  const [view, setView] = useState(client.view());
  const input = useRef<HTMLTextAreaElement>(null);

  useEffect(() => client.subscribe(setView), [client]);
  useEffect(() => {
    if (props.focusSignal > 0) input.current?.focus();
  }, [props.focusSignal]);
  useEffect(() => {
    if (props.visible && document.visibilityState === "visible") client.markRead();
  }, [view.messages, props.visible, client]);

  const status = STATUS_TEXT[view.status];
  return (
    <div
      class="chat"
      onKeyDown={(event) => {
        if (event.key === "Escape" && props.embedded) props.onClose();
      }}
    >
      <header class="chat__header">
        <div>
          <h1 class="chat__title">{props.title}</h1>
          <p class="chat__subtitle">{headline(view)}</p>
        </div>
        {props.embedded && <IconButton label="Close chat" icon={<CloseIcon />} onClick={props.onClose} />}
      </header>
      <p class={`chat__status${status ? "" : " chat__status--hidden"}`} role="status">
        {status ?? ""}
      </p>
      <MessageList messages={view.messages} readUpTo={view.readUpTo} agentTyping={view.agentTyping} />
      {view.notice && (
        <p class="chat__notice" role="alert">
          {view.notice}
        </p>
      )}
      <Composer
        inputRef={input}
        onSend={(text) => client.send(text)}
        onTyping={(on) => client.setTyping(on)}
      />
    </div>
  );
}
