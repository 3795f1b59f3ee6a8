import { useRef, useState } from "preact/hooks";
import { MAX_MESSAGE_LENGTH } from "../../../modules/conversation/conversation-client";
import { IconButton } from "../../../ui/button";
import { SendIcon } from "../../../ui/icons";
import { VisuallyHidden } from "../../../ui/visually-hidden";

/** Enter sends, Shift+Enter starts a new line; the field keeps focus after sending. */
export function Composer(props: {
  onSend(text: string): void;
  onTyping(on: boolean): void;
  inputRef: { current: HTMLTextAreaElement | null };
}) {
  const [text, setText] = useState("");
  const formRef = useRef<HTMLFormElement>(null);
  const submit = () => {
    if (!text.trim()) return;
    props.onSend(text);
    props.onTyping(false);
    setText("");
    props.inputRef.current?.focus();
  };
  return (
    <form
      class="composer"
      ref={formRef}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <label for="tl-message">
        <VisuallyHidden>Message</VisuallyHidden>
      </label>
      <textarea
        id="tl-message"
        ref={props.inputRef}
        rows={1}
        maxLength={MAX_MESSAGE_LENGTH}
        placeholder="Type your message…"
        value={text}
        aria-describedby="tl-composer-hint"
        onInput={(event) => {
          const value = event.currentTarget.value;
          setText(value);
          props.onTyping(value.trim().length > 0);
        }}
        onBlur={() => props.onTyping(false)}
        onKeyDown={(event) => {
          if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            submit();
          }
        }}
      />
      <VisuallyHidden id="tl-composer-hint">Press Enter to send, Shift+Enter for a new line.</VisuallyHidden>
      <IconButton
        type="submit"
        variant="primary"
        label="Send message"
        icon={<SendIcon />}
        disabled={!text.trim()}
      />
    </form>
  );
}
