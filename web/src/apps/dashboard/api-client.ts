/** The workspace's calls to the Throughline API, with the signed-in staff session. */

export type ApiErrorBody = { error?: { code?: string; message?: string; field?: string } };

/** A refused request, with the server's code, message and offending field. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** The session is gone (expired, revoked, signed out elsewhere): the UI goes back to sign-in. */
export class SessionExpired extends Error {}

export type Api = {
  get<T>(path: string): Promise<T>;
  send<T>(method: "POST" | "PUT" | "PATCH", path: string, body?: unknown): Promise<T>;
};

export function createApi(token: string, onExpired: () => void): Api {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 401) {
      onExpired();
      throw new SessionExpired("Your session has ended. Sign in again.");
    }
    if (response.status === 204) return undefined as T;
    const payload = (await response.json().catch(() => ({}))) as T & ApiErrorBody;
    if (!response.ok) {
      const error = payload.error ?? {};
      throw new ApiError(
        response.status,
        error.code ?? "HTTP_ERROR",
        error.message ?? `The server answered ${response.status}.`,
        error.field,
      );
    }
    return payload;
  }
  return {
    get: (path) => call("GET", path),
    send: (method, path, body) => call(method, path, body),
  };
}

/** Signs in; a refusal carries the server's message (wrong password, locked account). */
export async function login(workspace: string, email: string, password: string): Promise<Session> {
  const response = await fetch("/api/v1/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ workspace, email, password }),
  });
  const payload = (await response.json().catch(() => ({}))) as ApiErrorBody & {
    token?: string;
    expiresAt?: string;
    user?: { id: string; name: string; role: string };
  };
  if (!response.ok || !payload.token || !payload.user) {
    const error = payload.error ?? {};
    throw new ApiError(
      response.status,
      error.code ?? "HTTP_ERROR",
      error.message ?? "Sign-in failed.",
      error.field,
    );
  }
  return { token: payload.token, expiresAt: payload.expiresAt ?? "", user: payload.user, workspace };
}

export type Session = {
  token: string;
  expiresAt: string;
  workspace: string;
  user: { id: string; name: string; role: string };
};

/** What to show for any failure: the server's own words, never a stack. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.field ? `${error.message} (${error.field})` : error.message;
  if (error instanceof Error) return error.message;
  return "Something went wrong.";
}
