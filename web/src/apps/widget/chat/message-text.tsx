import { splitLinks } from "../../../modules/conversation/lib/split-links";

/**
 * Message text as text nodes (Preact escapes them) with web addresses as links that open in a
 * new tab without handing the opener to the target page.
 */
export function MessageText({ text }: { text: string }) {
  return (
    <>
      {splitLinks(text).map((segment, index) =>
        segment.href ? (
          <a key={index} href={segment.href} target="_blank" rel="noopener noreferrer nofollow">
            {segment.text}
          </a>
        ) : (
          segment.text
        ),
      )}
    </>
  );
}
