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

// The provider's redirect back (RFC 6749 §4.1.2): a code, or an error. Not strict: a provider adds parameters
// of its own (`scope`, `authuser`, `session_state`…), which the RFC says a client ignores (they are dropped
// here). Values are visible ASCII, as the RFC's are.
const param = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[\x20-\x7e]*$/, 'Use the value the provider sent back.');
export const connectCallbackQuerySchema = z.object({
  state: param(200).min(1),
  code: param(4_000).optional(),
  error: param(200).optional(),
  error_description: param(1_000).optional(),
});
