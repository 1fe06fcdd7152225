import { describe, expect, it } from 'vitest';
import { compileCondition } from '../conditions/compile';
import { conditionSchema } from '../conditions/condition.schema';
import { explainCondition } from '../conditions/describe';
import { renderEmail, renderWebhook, UnsafeRenderError } from './render-actions';
import { renderEmailBody } from './rich-text';
import { listPlaceholders, renderTemplate } from './template';
import { matchesTriggerEvent, sampleEventContext } from './trigger-events';

describe('templates', () => {
  it('fills placeholders by path, reports the missing ones, and evaluates nothing', () => {
    expect(
      renderTemplate('Order {{ order.id }} for {{total}}{{absent.x}}', { order: { id: 7 }, total: 9.5 }),
    ).toEqual({
      text: 'Order 7 for 9.5',
      missing: ['absent.x'],
    });
    // Only field paths are placeholders: expressions and prototype tricks stay text or read nothing.
    expect(renderTemplate('{{ 1 + 1 }} {{constructor.name}} {{__proto__}}', {}).text).toBe('{{ 1 + 1 }}  ');
    expect(listPlaceholders('{{a}} and {{ b.c }}')).toEqual(['a', 'b.c']);
  });

  it('escapes event values in HTML, keeps only the rich text the editor makes', () => {
    expect(renderEmailBody('Hi {{name}}\n\nBye', { name: '<img src=x onerror=alert(1)>' }).html).toBe(
      '<p>Hi &#60;img src=x onerror=alert(1)&#62;</p><p>Bye</p>',
    );
    const doc = JSON.stringify({
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 9 }, content: [{ type: 'text', text: 'T' }] },
        { type: 'script', content: [{ type: 'text', text: '{{x}}' }] },
        {
          type: 'paragraph',
          content: [
            {
              type: 'text',
              text: 'link',
              marks: [{ type: 'link', attrs: { href: 'https://a.example/?q="' } }],
            },
          ],
        },
      ],
    });
    expect(renderEmailBody(doc, { x: '<b>' }).html).toBe(
      '<h2>T</h2>&#60;b&#62;<p><a href="https://a.example/?q=&#34;">link</a></p>',
    );
  });

  it('refuses a subject or a header that a value would split with CRLF', () => {
    const email = {
      id: 'a',
      order: 'a',
      enabled: true,
      type: 'sendEmail' as const,
      to: [],
      subject: 'Hi {{n}}',
      body: '',
    };
    expect(() => renderEmail(email, { n: 'x\r\nBcc: all@example.com' })).toThrow(UnsafeRenderError);
    expect(() => renderEmail(email, { n: 'x\nBcc: all@example.com' })).toThrow(UnsafeRenderError);
    const webhook = {
      id: 'w',
      order: 'a',
      enabled: true,
      type: 'callWebhook' as const,
      url: 'https://example.com',
      method: 'POST' as const,
      headers: { 'X-Name': '{{n}}' },
      body: '{"n": "{{n}}"}',
    };
    expect(() => renderWebhook(webhook, { n: 'a\r\nX-Evil: 1' })).toThrow(UnsafeRenderError);
    expect(JSON.parse(renderWebhook(webhook, { n: 'a", "admin": true, "b": "' }).body ?? '')).toEqual({
      n: 'a", "admin": true, "b": "',
    });
  });
});

describe('conditions at their limits', () => {
  // Built in a loop: the hostile value is deeper than any recursion would survive.
  const deep = (depth: number): unknown => {
    let node: unknown = { type: 'comparison', left: 'a', operator: 'eq', right: 1 };
    for (let level = 0; level < depth; level += 1) node = { type: 'group', op: 'and', children: [node] };
    return node;
  };

  it('refuses deep nesting, huge literals and too many nodes before compiling anything', () => {
    expect(conditionSchema.safeParse(deep(8)).success).toBe(false);
    expect(conditionSchema.safeParse(deep(10_000)).success).toBe(false);
    expect(
      conditionSchema.safeParse({ type: 'comparison', left: 'a', operator: 'eq', right: 'x'.repeat(1001) })
        .success,
    ).toBe(false);
    const wide = { type: 'group', op: 'or', children: Array.from({ length: 50 }, () => deep(1)) };
    expect(
      conditionSchema.safeParse({ type: 'group', op: 'and', children: [wide, wide, wide, wide, wide] })
        .success,
    ).toBe(false);
  });

  it('evaluates the largest allowed condition over a large event quickly, and a missing value never matches', () => {
    const children = Array.from({ length: 49 }, (_, n) => ({
      type: 'comparison' as const,
      left: 'text',
      operator: 'contains' as const,
      right: `needle-${n}`,
    }));
    const condition = { type: 'group' as const, op: 'or' as const, children };
    const started = performance.now();
    const result = explainCondition(condition, { text: 'x'.repeat(1_000_000) });
    expect(result.result).toBe(false);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(compileCondition(condition)).not.toContain('eval');
    expect(explainCondition({ type: 'comparison', left: 'a', operator: 'neq', right: 1 }, {}).result).toBe(
      false,
    );
    expect(
      explainCondition({ type: 'comparison', left: 'a', operator: 'notIn', right: [1] }, {}).result,
    ).toBe(false);
  });
});

describe('events', () => {
  it('matches the type and every filter the trigger sets; a schedule only its own trigger', () => {
    const flowId = '3b0f8f55-9c1c-4b8e-8a0e-9a4f4b6f1c01';
    expect(matchesTriggerEvent({ type: 'flow.completed', flowId }, 'flow.completed', { flowId }, 't')).toBe(
      true,
    );
    expect(matchesTriggerEvent({ type: 'flow.completed', flowId }, 'flow.completed', {}, 't')).toBe(false);
    expect(matchesTriggerEvent({ type: 'flow.completed' }, 'flow.started', { flowId }, 't')).toBe(false);
    const schedule = { type: 'schedule' as const, cron: '* * * * *', timezone: 'UTC' };
    expect(matchesTriggerEvent(schedule, 'schedule', { triggerId: 't' }, 't')).toBe(true);
    expect(matchesTriggerEvent(schedule, 'schedule', { triggerId: 'other' }, 't')).toBe(false);
  });

  it('builds a sample that matches the trigger and holds the paths it reads', () => {
    const flowId = '3b0f8f55-9c1c-4b8e-8a0e-9a4f4b6f1c01';
    const sample = sampleEventContext({ type: 'flow.completed', flowId }, ['data.amount']);
    expect(sample).toMatchObject({ flowId, data: { amount: 1 } });
    expect(matchesTriggerEvent({ type: 'flow.completed', flowId }, 'flow.completed', sample, 't')).toBe(true);
    // A schedule's sample is a firing of the trigger it is made for, not of any other.
    const schedule = { type: 'schedule' as const, cron: '0 8 * * 1', timezone: 'Europe/Berlin' };
    const firing = sampleEventContext(schedule, [], 't');
    expect(firing).toMatchObject({ triggerId: 't', timezone: 'Europe/Berlin' });
    expect(matchesTriggerEvent(schedule, 'schedule', firing, 't')).toBe(true);
    expect(matchesTriggerEvent(schedule, 'schedule', firing, 'other')).toBe(false);
  });
});
