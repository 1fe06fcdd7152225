import { type LoginInput, type SetupInput, type User, userSchema } from '@erp/shared/api/auth';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import * as authApi from '../api/auth';
import { ApiError, onUnauthenticated } from '../api/client';
import { clearOfflineCopies, setOfflineCopyOwner } from '../api/offline-copies';
import { clearLocalCopies } from '../collab/local-copies';

export type SessionState =
  | { status: 'loading' }
  // needsSetupCode: the server listens beyond loopback and printed a one-time setup code to its log.
  | { status: 'needsSetup'; needsSetupCode: boolean }
  // Why: the first visit (come back here after sign-in), a session that ended, or the person signed out.
  | { status: 'signedOut'; reason: 'visit' | 'expired' | 'signOut' }
  // offline: the server cannot be reached; the user is who last signed in on this browser (work goes on locally).
  | { status: 'signedIn'; user: User; offline?: boolean }
  | { status: 'error'; error: unknown };

export interface Session {
  state: SessionState;
  signIn: (input: LoginInput) => Promise<User>;
  setUp: (input: SetupInput) => Promise<User>;
  signOut: () => Promise<void>;
  /** Asks the server again who is signed in (after a load error, or to refresh the user). */
  refresh: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

// Who last signed in on this browser: with no network, the console opens for them on their local copies.
const lastUserKey = 'erp.lastUser';

function readLastUser(): User | null {
  try {
    const parsed = userSchema.safeParse(JSON.parse(localStorage.getItem(lastUserKey) ?? 'null'));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Who is signed in, asked once at start: /auth/me, and on 401 whether the installation still needs its first
 * account. With no network, the last user of this browser, marked offline (the server decides once it is back).
 */
export async function loadSession(signal?: AbortSignal): Promise<SessionState> {
  try {
    const { user } = await authApi.getMe(signal);
    return { status: 'signedIn', user };
  } catch (error) {
    const lastUser = error instanceof ApiError && error.code === 'network' ? readLastUser() : null;
    if (lastUser) return { status: 'signedIn', user: lastUser, offline: true };
    if (!(error instanceof ApiError) || error.code !== 'unauthenticated') throw error;
  }
  const { needsSetup, needsSetupCode } = await authApi.getSetupStatus(signal);
  return needsSetup ? { status: 'needsSetup', needsSetupCode } : { status: 'signedOut', reason: 'visit' };
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const refresh = useCallback(async (signal?: AbortSignal) => {
    try {
      const next = await loadSession(signal);
      if (!signal?.aborted) setState(next);
    } catch (error) {
      if (!signal?.aborted) setState({ status: 'error', error });
    }
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    void refresh(controller.signal);
    return () => controller.abort();
  }, [refresh]);

  // Requests keep offline copies for the signed-in user only; the user is remembered for opening offline.
  const userId = state.status === 'signedIn' ? state.user.id : null;
  useEffect(() => {
    setOfflineCopyOwner(userId);
    if (state.status === 'signedIn' && !state.offline)
      localStorage.setItem(lastUserKey, JSON.stringify(state.user));
  }, [userId, state]);

  // Back online: the server says again who is signed in (an expired session asks to sign in; edits stay local).
  useEffect(() => {
    const back = () => void refresh();
    window.addEventListener('online', back);
    return () => window.removeEventListener('online', back);
  }, [refresh]);

  // Any request answered 401 means the session is gone: back to sign-in, saying why.
  useEffect(
    () =>
      onUnauthenticated(() =>
        setState((current) =>
          current.status === 'signedIn' ? { status: 'signedOut', reason: 'expired' } : current,
        ),
      ),
    [],
  );

  const session = useMemo<Session>(
    () => ({
      state,
      signIn: async (input) => {
        const { user } = await authApi.login(input);
        setState({ status: 'signedIn', user });
        return user;
      },
      setUp: async (input) => {
        const { user } = await authApi.setupFirstAccount(input);
        setState({ status: 'signedIn', user });
        return user;
      },
      signOut: async () => {
        try {
          await authApi.logout();
        } catch (error) {
          // Already signed out on the server is fine; anything else keeps the session and tells the person.
          if (!(error instanceof ApiError && error.code === 'unauthenticated')) throw error;
        }
        // The next person on this browser must not find this user's documents in IndexedDB.
        if (state.status === 'signedIn') {
          await clearLocalCopies(state.user.id);
          clearOfflineCopies(state.user.id);
        }
        localStorage.removeItem(lastUserKey);
        setState({ status: 'signedOut', reason: 'signOut' });
      },
      refresh: () => refresh(),
    }),
    [state, refresh],
  );

  return <SessionContext value={session}>{children}</SessionContext>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession needs a <SessionProvider>');
  return session;
}

/** The signed-in user; only for pages behind <RequireSession>. */
export function useUser(): User {
  const { state } = useSession();
  if (state.status !== 'signedIn') throw new Error('useUser is only for pages behind <RequireSession>');
  return state.user;
}
