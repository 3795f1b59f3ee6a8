import type { ComponentChildren } from "preact";

/** Text for screen readers only (labels, announcements) that would clutter the visible layout. */
export function VisuallyHidden({ children, id }: { children: ComponentChildren; id?: string }) {
  return (
    <span class="tl-visually-hidden" id={id}>
      {children}
    </span>
  );
}
