import { useCallback, useMemo, useState } from "react";
import { createApi, type Session } from "./api-client";
import { LoginForm } from "./login-form";
import { loadSession, saveSession } from "./session-store";
import { Workspace } from "./workspace";

/** Signed in → the workspace; otherwise (or once the session ends) the sign-in form with the reason. */
export function DashboardApp() {
  const [session, setSession] = useState<Session | undefined>(() => loadSession());
  const [notice, setNotice] = useState<string | undefined>();

  const signOut = useCallback((reason?: string) => {
    saveSession(undefined);
    setSession(undefined);
    setNotice(reason);
  }, []);

  const api = useMemo(
    () =>
      session &&
      createApi(session.token, () => signOut("Your session has expired. Sign in again to continue.")),
    [session, signOut],
  );

  if (!session || !api) {
    return (
      <LoginForm
        notice={notice}
        onSignedIn={(next) => {
          saveSession(next);
          setNotice(undefined);
          setSession(next);
        }}
      />
    );
  }
  return <Workspace session={session} api={api} onSignOut={signOut} />;
}
