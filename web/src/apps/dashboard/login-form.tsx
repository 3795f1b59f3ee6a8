import { useState, type FormEvent } from "react";
import { describeError, login, type Session } from "./api-client";

/** Staff sign-in. The workspace is remembered on this device; the password never is. */
export function LoginForm({ notice, onSignedIn }: { notice?: string; onSignedIn(session: Session): void }) {
  const [workspace, setWorkspace] = useState(() => localStorage.getItem("throughline.workspace") ?? "");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const session = await login(workspace.trim(), email.trim(), password);
      localStorage.setItem("throughline.workspace", workspace.trim());
      onSignedIn(session);
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <form className="login__card" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">Agent workspace</h1>
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        <label htmlFor="login-workspace">Workspace</label>
        <input
          id="login-workspace"
          name="workspace"
          value={workspace}
          onChange={(e) => setWorkspace(e.target.value)}
          required
          autoComplete="organization"
        />
        <label htmlFor="login-email">Email</label>
        <input
          id="login-email"
          name="email"
          type="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          required
          autoComplete="username"
        />
        <label htmlFor="login-password">Password</label>
        <input
          id="login-password"
          name="password"
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
          autoComplete="current-password"
        />
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
