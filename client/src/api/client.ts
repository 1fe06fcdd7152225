import { type ErrorCode, errorBodySchema } from '@erp/shared/errors';
import { describeFieldIssue } from '@erp/shared/issue-text';
import type { z } from 'zod';
import { keepOfflineCopy, readOfflineCopy } from './offline-copies';

/** Server codes plus the two failures only a client sees: no answer at all, or an answer we cannot read. */
export type ApiErrorCode = ErrorCode | 'network' | 'unexpected_response';

export interface FieldIssue {
  path: string[];
  message: string;
  /** Where in a document, for people (document validation issues carry it). */
  where?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The issues whose path starts at `field`. */
  fieldIssues(field: string): FieldIssue[] {
    return readIssues(this.details).filter((issue) => issue.path[0] === field);
  }

  /** The `invalid_input` issues keyed by their first path segment, first message wins: what a form shows per field. */
  get fieldErrors(): Record<string, string> {
    const errors: Record<string, string> = {};
    for (const issue of readIssues(this.details)) {
      const field = issue.path[0] ?? '';
      errors[field] ??= issue.message;
    }
    return errors;
  }
}

function readIssues(details: unknown): FieldIssue[] {
  if (typeof details !== 'object' || details === null || !('issues' in details)) return [];
  const { issues } = details as { issues: unknown };
  if (!Array.isArray(issues)) return [];
  return issues.filter(
    (issue): issue is FieldIssue =>
      typeof issue === 'object' &&
      issue !== null &&
      Array.isArray(issue.path) &&
      typeof issue.message === 'string',
  );
}

/** Turns anything thrown into a sentence a person can act on. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong.';
}

type Listener = () => void;
const unauthenticatedListeners = new Set<Listener>();

/** Called when a request made with a session is answered 401: the session has ended (expired, signed out elsewhere). */
export function onUnauthenticated(listener: Listener): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions<T> {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Parses the answer; without it the answer is ignored (204 and friends). */
  schema?: z.ZodType<T>;
  signal?: AbortSignal;
  /** For requests that work without a session (sign in, setup): their 401 means "wrong password", not "signed out". */
  isAnonymous?: boolean;
  /** Extra request headers, such as If-Match. */
  headers?: Record<string, string>;
  /** A read that is kept for offline use: with no network, the last answer this browser saw is returned. */
  offline?: boolean;
}

export function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

export async function apiRequest<T = void>(path: string, options: RequestOptions<T> = {}): Promise<T> {
  const { method = 'GET', query, body, schema, signal, isAnonymous = false, headers = {} } = options;
  const url = buildUrl(path, query);
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    const copy = options.offline ? readOfflineCopy(url) : undefined;
    const kept = copy === undefined ? undefined : schema?.safeParse(copy);
    if (kept?.success) return kept.data;
    throw new ApiError(0, 'network', 'The server cannot be reached. Check your connection and try again.');
  }

  const payload = await readJson(response);
  if (!response.ok) {
    if (response.status === 401 && !isAnonymous) for (const listener of unauthenticatedListeners) listener();
    throw toApiError(response.status, payload);
  }
  if (!schema) return undefined as T;
  const parsed = schema.safeParse(payload);
  if (parsed.success && options.offline) keepOfflineCopy(url, payload);
  if (!parsed.success) {
    throw new ApiError(
      response.status,
      'unexpected_response',
      `The server answered ${method} ${path} in a shape this page does not understand. Reload the page; if it persists, the server and the app may be different versions.`,
      {
        issues: parsed.error.issues.map((issue) => ({
          path: issue.path.map(String),
          message: issue.message,
        })),
      },
    );
  }
  return parsed.data;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function toApiError(status: number, payload: unknown): ApiError {
  const parsed = errorBodySchema.safeParse(payload);
  if (parsed.success) {
    const { code, message, details } = parsed.data.error;
    return new ApiError(status, code, message, details);
  }
  if (status === 404) return new ApiError(status, 'not_found', 'This does not exist on the server (404).');
  if (status >= 500) {
    return new ApiError(
      status,
      'unavailable',
      `The server had a problem (${status}). Try again in a moment.`,
    );
  }
  return new ApiError(status, 'unexpected_response', `The server answered with status ${status}.`);
}

// Plain-language messages for the common form mistakes; a schema's own message (e.g. the password rule) wins.
/** Checks form input with the same shared schema the server uses, failing the same way the server does. */
export function parseForm<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value, { error: describeFieldIssue });
  if (result.success) return result.data;
  throw new ApiError(400, 'invalid_input', 'Some fields need another look.', {
    issues: result.error.issues.map((issue) => ({ path: issue.path.map(String), message: issue.message })),
  });
}

/**
 * Splits an error between the fields a form shows and the form itself: issues on known fields go next to them,
 * anything else (wrong password, conflict, network) is the form's error.
 */
export function splitFormError<F extends string>(
  error: unknown,
  fields: readonly F[],
): { fieldErrors: Partial<Record<F, string>>; formError: unknown } {
  if (error === null || error === undefined) return { fieldErrors: {}, formError: undefined };
  if (!(error instanceof ApiError)) return { fieldErrors: {}, formError: error };
  const all = error.fieldErrors;
  const fieldErrors: Partial<Record<F, string>> = {};
  for (const field of fields) if (all[field]) fieldErrors[field] = all[field];
  const hasOthers = Object.keys(all).some((field) => !(fields as readonly string[]).includes(field));
  const isShown = Object.keys(fieldErrors).length > 0 && !hasOthers;
  return { fieldErrors, formError: isShown ? undefined : error };
}
