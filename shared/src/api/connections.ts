import { z } from 'zod';
import { connectionProviders, providerScopes } from '../integrations/providers';

// Connections to Google and Microsoft accounts (OAuth). Tokens never appear in any of these shapes.

export const connectionStatuses = ['pending', 'connected', 'expired', 'revoked'] as const;

export const connectionSchema = z.object({
  id: z.uuid(),
  provider: z.enum(connectionProviders),
  account: z.string().nullable(),
  scopes: z.array(z.string()),
  status: z.enum(connectionStatuses),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ConnectionView = z.infer<typeof connectionSchema>;
export const connectionListSchema = z.object({ items: z.array(connectionSchema) });

const scopeKeys = <Provider extends keyof typeof providerScopes>(provider: Provider) =>
  z
    .array(z.enum(Object.keys(providerScopes[provider]) as [string, ...string[]]))
    .min(1, 'Choose at least one permission.')
    .max(10);

export const connectInputSchema = z.discriminatedUnion('provider', [
  z.strictObject({ provider: z.literal('google'), scopes: scopeKeys('google') }),
  z.strictObject({ provider: z.literal('microsoft'), scopes: scopeKeys('microsoft') }),
]);
export type ConnectInput = z.infer<typeof connectInputSchema>;

// Where the browser goes next: the provider's consent page.
export const connectStartSchema = z.object({ id: z.uuid(), authorizationUrl: z.string() });

// The provider's redirect back (RFC 6749 §4.1.2): a code, or an error; providers add parameters of their own.
const param = z.string().max(4_000);
export const connectCallbackQuerySchema = z.object({
  state: z.string().min(1).max(200),
  code: param.optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(1_000).optional(),
});
