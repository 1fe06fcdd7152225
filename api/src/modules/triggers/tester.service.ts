import {
  buildEventContexts,
  canReadDataset,
  loadLiveDataset,
  resolveRecipients,
  resolveReportReaders,
} from '@erp/prisma';
import {
  type ActionPreview,
  AppError,
  explainCondition,
  mapEventValues,
  matchesTriggerEvent,
  parseInput,
  type RecentEvent,
  renderEmail,
  renderWebhook,
  type Trigger,
  type TriggerAction,
  type TriggerTestInput,
  type TriggerTestResult,
  triggerSchema,
} from '@erp/shared';
import type { AppDeps } from '../../deps';

// The tester: a trigger (the draft on screen, or the live version) against one event, with no side effects —
// conditions explained, and what each action would do, rendered (recipients are looked up, nothing is sent).

export async function testTrigger(
  deps: AppDeps,
  documentId: string,
  input: TriggerTestInput,
): Promise<TriggerTestResult> {
  const document = await deps.prisma.document.findFirst({
    where: { id: documentId, kind: 'trigger', archivedAt: null },
    select: { id: true },
  });
  if (!document) throw new AppError('not_found', 'No trigger has this id.');
  const trigger =
    input.trigger === undefined
      ? await findLiveTrigger(deps, documentId)
      : parseInput(triggerSchema, input.trigger);
  const context = input.event;
  const matches = matchesTriggerEvent(trigger.event, trigger.event.type, context, documentId);
  let condition: ReturnType<typeof explainCondition> | null;
  try {
    condition = trigger.condition ? explainCondition(trigger.condition, context) : null;
  } catch (error) {
    throw new AppError(
      'validation_failed',
      `The condition cannot be evaluated on this event: ${String(error)}`,
    );
  }
  const ordered = [...trigger.actions].sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
  const actions = await Promise.all(ordered.map((action) => previewAction(deps, action, context)));
  return { matches, condition, wouldRun: matches && (condition?.result ?? true), actions };
}

/** The last ten events of a type, as a trigger sees them (flow and form filled in). */
export async function listRecentEvents(deps: AppDeps, type: string): Promise<{ items: RecentEvent[] }> {
  const rows = await deps.prisma.event.findMany({ where: { type }, orderBy: { seq: 'desc' }, take: 10 });
  const contexts = await buildEventContexts(
    deps.prisma,
    rows.map((row) => ({ payload: row.payload as Record<string, unknown> })),
  );
  return {
    items: rows.map((row, index) => ({
      id: row.id,
      createdAt: row.createdAt.toISOString(),
      context: contexts[index] ?? {},
    })),
  };
}

async function findLiveTrigger(deps: AppDeps, documentId: string): Promise<Trigger> {
  const live = await deps.prisma.documentVersion.findFirst({
    where: { documentId, status: 'live' },
    select: { content: true },
  });
  if (!live) throw new AppError('conflict', 'This trigger is not published: send the draft to test it.');
  return live.content as unknown as Trigger;
}

async function previewAction(
  deps: AppDeps,
  action: TriggerAction,
  context: Record<string, unknown>,
): Promise<ActionPreview> {
  const base = { id: action.id, type: action.type, enabled: action.enabled };
  try {
    return { ...base, preview: await renderPreview(deps, action, context), error: null };
  } catch (error) {
    return { ...base, preview: null, error: error instanceof Error ? error.message : String(error) };
  }
}

async function renderPreview(deps: AppDeps, action: TriggerAction, context: Record<string, unknown>) {
  switch (action.type) {
    case 'sendEmail':
    case 'gmailSend':
    case 'outlookSend': {
      const mail = renderEmail(action, context);
      const to = await resolveRecipients(deps.prisma, action.to, context, new Date());
      return { kind: 'email' as const, to, ...mail };
    }
    case 'callWebhook':
      return { kind: 'webhook' as const, ...renderWebhook(action, context) };
    case 'startFlow':
      return {
        kind: 'startFlow' as const,
        flowId: action.flowId,
        data: mapEventValues(action.data, context),
      };
    case 'createRecord':
    case 'updateRecord':
      throw new Error('Tables are not available yet: this action cannot run.');
    // The sheet is only read when the action runs: nothing to show without calling Google.
    case 'sheetsAppendRow':
    case 'sheetsUpdateRows':
      return null;
    // The mail the people who may read the report would get (each its own rows; the attachments are made
    // when it runs).
    case 'sendReport': {
      const mail = renderEmail(action, context);
      const live = await loadLiveDataset(deps.prisma, action.datasetId);
      if (!live) throw new Error('The report’s dataset is not published.');
      const { readers } = await resolveReportReaders(deps.prisma, action.to, context, new Date());
      const to = readers.filter((reader) => canReadDataset(reader.roles, live.sources)).map((r) => r.email);
      if (to.length === 0) throw new Error('Nobody the report goes to may read this dataset.');
      return { kind: 'email' as const, to, ...mail };
    }
  }
}
