import type { LoginInput, SetupInput, User } from '@erp/shared/api/auth';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import * as authApi from '../api/auth';
import { ApiError, onUnauthenticated } from '../api/client';
import { clearLocalCopies } from '../collab/local-copies';

export type SessionState =
  | { status: 'loading' }
  // needsSetupCode: the server listens beyond loopback and printed a one-time setup code to its log.
  | { status: 'needsSetup'; needsSetupCode: boolean }
  // Why: the first visit (come back here after sign-in), a session that ended, or the person signed out.
  | { status: 'signedOut'; reason: 'visit' | 'expired' | 'signOut' }
  | { status: 'signedIn'; user: User }
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

/** Who is signed in, asked once at start: /auth/me, and on 401 whether the installation still needs its first account. */
export async function loadSession(signal?: AbortSignal): Promise<SessionState> {
  try {
    const { user } = await authApi.getMe(signal);
    return { status: 'signedIn', user };
  } catch (error) {
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
        if (state.status === 'signedIn') await clearLocalCopies(state.user.id);
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
