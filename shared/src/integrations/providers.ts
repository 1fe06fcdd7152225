import { z } from 'zod';

// The OAuth providers a connection can be made with, the scopes the console offers for each, and where their
// endpoints are. Base URLs are configuration (real hosts by default) so tests point them at the loopback fakes
// in test-support/.

export const connectionProviders = ['google', 'microsoft'] as const;
export type ConnectionProvider = (typeof connectionProviders)[number];

// What a person chooses on the connections page, by key; each is one provider scope.
export const providerScopes = {
  google: {
    gmailSend: { scope: 'https://www.googleapis.com/auth/gmail.send', label: 'Send email from Gmail' },
    gmailRead: { scope: 'https://www.googleapis.com/auth/gmail.readonly', label: 'Read new Gmail messages' },
    sheets: { scope: 'https://www.googleapis.com/auth/spreadsheets', label: 'Read and edit Google Sheets' },
  },
  microsoft: {
    mailSend: { scope: 'Mail.Send', label: 'Send Outlook mail' },
    mailRead: { scope: 'Mail.Read', label: 'Read new Outlook messages' },
  },
} as const satisfies Record<ConnectionProvider, Record<string, { scope: string; label: string }>>;
export type ScopeKey = {
  [Provider in ConnectionProvider]: keyof (typeof providerScopes)[Provider];
}[ConnectionProvider];

// Always asked for: who the account is, and (Microsoft) a refresh token. Google gives one with access_type=offline.
const identityScopes = {
  google: ['https://www.googleapis.com/auth/userinfo.email'],
  microsoft: ['offline_access', 'User.Read'],
} satisfies Record<ConnectionProvider, string[]>;

/** The provider scopes to request for the chosen keys (unknown keys are refused by the API schema). */
export function requestedScopes(provider: ConnectionProvider, keys: readonly string[]): string[] {
  const offered: Record<string, { scope: string }> = providerScopes[provider];
  return [...identityScopes[provider], ...keys.flatMap((key) => (offered[key] ? [offered[key].scope] : []))];
}

export const providerUrlVars = {
  GOOGLE_OAUTH_BASE_URL: z.url().default('https://accounts.google.com'),
  // Unset: each Google API on its own host (gmail.googleapis.com, sheets.googleapis.com, www.googleapis.com).
  GOOGLE_API_BASE_URL: z.url().optional(),
  MICROSOFT_LOGIN_BASE_URL: z.url().default('https://login.microsoftonline.com'),
  MICROSOFT_GRAPH_BASE_URL: z.url().default('https://graph.microsoft.com'),
};
export const providerClientVars = {
  GOOGLE_CLIENT_ID: z.string().min(1).max(500).optional(),
  GOOGLE_CLIENT_SECRET: z.string().min(1).max(500).optional(),
  MICROSOFT_CLIENT_ID: z.string().min(1).max(500).optional(),
  MICROSOFT_CLIENT_SECRET: z.string().min(1).max(500).optional(),
};
export type ProviderUrls = z.infer<z.ZodObject<typeof providerUrlVars>>;
export const defaultProviderUrls: ProviderUrls = z.object(providerUrlVars).parse({});

/** An authorization server as oauth4webapi describes one (RFC 8414 metadata names). */
export interface AuthorizationServerEndpoints {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  revocation_endpoint?: string;
}

const trim = (url: string) => url.replace(/\/+$/, '');

export function authorizationServerOf(
  provider: ConnectionProvider,
  urls: ProviderUrls,
): AuthorizationServerEndpoints {
  if (provider === 'google') {
    const base = trim(urls.GOOGLE_OAUTH_BASE_URL);
    return {
      issuer: base,
      authorization_endpoint: `${base}/o/oauth2/v2/auth`,
      token_endpoint: `${base}/o/oauth2/token`,
      revocation_endpoint: `${base}/o/oauth2/revoke`,
    };
  }
  // The `common` tenant: work, school and personal accounts alike. Microsoft has no revocation endpoint.
  const base = `${trim(urls.MICROSOFT_LOGIN_BASE_URL)}/common/oauth2/v2.0`;
  return { issuer: base, authorization_endpoint: `${base}/authorize`, token_endpoint: `${base}/token` };
}

const googleHosts = {
  gmail: 'https://gmail.googleapis.com',
  sheets: 'https://sheets.googleapis.com',
  userinfo: 'https://www.googleapis.com',
};

/** A Google API URL: `path` on the service's host, or on GOOGLE_API_BASE_URL when set. */
export function googleApiUrl(urls: ProviderUrls, service: keyof typeof googleHosts, path: string): string {
  return `${trim(urls.GOOGLE_API_BASE_URL ?? googleHosts[service])}${path}`;
}

export function graphApiUrl(urls: ProviderUrls, path: string): string {
  return `${trim(urls.MICROSOFT_GRAPH_BASE_URL)}${path}`;
}
