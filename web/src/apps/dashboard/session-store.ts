import type { Session } from "./api-client";

/**
 * The session lives in this tab's sessionStorage: it survives a reload, ends with the tab and is
 * never sent by the browser on its own (no cookie, so no cross-site request can use it).
 */
const KEY = "throughline.staff.session";

export function loadSession(): Session | undefined {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return undefined;
    const session = JSON.parse(raw) as Session;
    if (session.expiresAt && Date.parse(session.expiresAt) <= Date.now()) {
      sessionStorage.removeItem(KEY);
      return undefined;
    }
    return session;
  } catch {
    return undefined;
  }
}

export function saveSession(session: Session | undefined): void {
  try {
    if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
    else sessionStorage.removeItem(KEY);
  } catch {
    // Storage disabled: the session lasts as long as the page.
  }
}
