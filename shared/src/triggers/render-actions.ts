import { readFieldPath } from '../conditions/paths';
import type { TriggerAction, ValueSource } from '../documents/trigger/trigger-actions.schema';
import { renderEmailBody } from './rich-text';
import { escapeJsonString, hasLineBreak, renderTemplate } from './template';

// Mail through SMTP or a connected account: the same subject and body templates.
type EmailAction = Pick<Extract<TriggerAction, { type: 'sendEmail' }>, 'subject' | 'body'>;
type WebhookAction = Extract<TriggerAction, { type: 'callWebhook' }>;

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
  missing: string[];
}

export interface RenderedWebhook {
  method: WebhookAction['method'];
  url: string;
  headers: Record<string, string>;
  body: string | null;
  missing: string[];
}

/** Thrown when rendering produced something that must never be sent (a header split by a line break). */
export class UnsafeRenderError extends Error {
  override name = 'UnsafeRenderError';
}

/** The mail an action sends for an event: subject and body filled in; a subject with CRLF is refused. */
export function renderEmail(action: EmailAction, context: unknown): RenderedEmail {
  const subject = renderTemplate(action.subject, context);
  if (hasLineBreak(subject.text)) {
    throw new UnsafeRenderError('The subject would contain a line break (CRLF): refused.');
  }
  const body = renderEmailBody(action.body, context);
  return {
    subject: subject.text,
    text: body.text,
    html: body.html,
    missing: [...new Set([...subject.missing, ...body.missing])],
  };
}

/**
 * The request an action makes for an event: placeholders in the body are filled as JSON string content (so a
 * value cannot close the string and add keys), header values must stay one line. The URL has no placeholders.
 */
export function renderWebhook(action: WebhookAction, context: unknown): RenderedWebhook {
  const missing: string[] = [];
  const headers: Record<string, string> = {};
  for (const [name, template] of Object.entries(action.headers)) {
    const value = renderTemplate(template, context);
    if (hasLineBreak(value.text)) {
      throw new UnsafeRenderError(`The header ${name} would contain a line break (CRLF): refused.`);
    }
    missing.push(...value.missing);
    headers[name] = value.text;
  }
  let body: string | null = null;
  if (action.method !== 'GET') {
    const rendered = renderTemplate(action.body, context, escapeJsonString);
    missing.push(...rendered.missing);
    body = rendered.text;
  }
  return { method: action.method, url: action.url, headers, body, missing: [...new Set(missing)] };
}

/** A mapping (target key → event path or constant) applied to an event; paths it lacks are left out. */
export function mapEventValues(
  mapping: Record<string, ValueSource>,
  context: unknown,
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [key, source] of Object.entries(mapping)) {
    const value = readValueSource(source, context);
    if (value !== undefined) values[key] = value;
  }
  return values;
}

/** A value of the event (by path; undefined when it has none) or the constant. */
export function readValueSource(source: ValueSource, context: unknown): unknown {
  return source.type === 'path' ? readFieldPath(context, source.path) : source.value;
}
