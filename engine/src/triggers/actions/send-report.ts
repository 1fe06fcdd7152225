import { createHash } from 'node:crypto';
import {
  type CompiledDataset,
  canReadDataset,
  compileDataset,
  datasetExportRowCap,
  datasetViewer,
  loadLiveDataset,
  namedRows,
  type PrismaClient,
  type ReportReader,
  resolveReportReaders,
} from '@erp/prisma';
import {
  csvCell,
  type DatasetColumn,
  type DrawnChartType,
  drawnChartTypes,
  formatCsvRow,
  renderChartSvg,
  renderEmail,
} from '@erp/shared';
import { Resvg } from '@resvg/resvg-js';
import { PermanentActionError } from '../action-errors';
import type { ActionHandler } from './action';
import { sendThroughSmtp } from './send-email';

// A published dataset mailed as its CSV export and one chart section as a PNG (docs/decisions/0005). Each
// recipient must be a person of this installation who may read the dataset, and gets the rows they may see
// (their tables' read roles, their flow data by participation): recipients whose query is the same share one
// mail. The query runs on its own read-only transaction with the statement timeout; the mails and their
// attachments are kept in the outbox in the ledger's transaction, each under a key of its own.

export interface ReportServices {
  /** Runs report queries on a connection of their own (read-only, with the timeout). */
  prisma: PrismaClient;
  timeoutMs: number;
}

/** What one mail may carry in attachments, in bytes (most mail servers refuse past 10–25 MB). */
const maxReportAttachmentBytes = 10 * 1024 * 1024;

interface Attachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

// PostgreSQL cancels the statement at the timeout; Prisma's own limit on the transaction is set past it.
async function readRows(services: ReportServices, compiled: CompiledDataset) {
  return services.prisma.$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe('SET TRANSACTION READ ONLY');
      await tx.$executeRawUnsafe(`SET LOCAL statement_timeout = ${Math.trunc(services.timeoutMs)}`);
      return tx.$queryRawUnsafe<Record<string, unknown>[]>(compiled.sql, ...compiled.values);
    },
    { timeout: services.timeoutMs + 5_000, maxWait: 10_000 },
  );
}

const fileStem = (name: string) =>
  name
    .replace(/[^\p{L}\p{N} _-]+/gu, '')
    .trim()
    .replace(/\s+/g, '-')
    .slice(0, 80) || 'report';

function csvOf(compiled: CompiledDataset, rows: Record<string, unknown>[]): Buffer {
  const lines = [formatCsvRow(compiled.columns.map((column) => column.alias))];
  for (const row of rows)
    lines.push(formatCsvRow(compiled.columns.map((_, index) => csvCell(row[`c${index}`]))));
  return Buffer.from(lines.join(''), 'utf8');
}

function pngOf(
  section: { title: string; chart: { type: string; dimensionId?: string; measureIds: string[] } },
  compiled: CompiledDataset,
  rows: Record<string, unknown>[],
): Buffer {
  const byId = new Map(compiled.columns.map((column) => [column.id, column]));
  const svg = renderChartSvg({
    title: section.title,
    type: section.chart.type as DrawnChartType,
    dimension: byId.get(section.chart.dimensionId ?? '') as DatasetColumn,
    measures: section.chart.measureIds.flatMap((id) => byId.get(id) ?? []),
    rows: namedRows(compiled, rows),
  });
  // Twice the drawn size: sharp on high-density screens, still small (tens of KB).
  const picture = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: 2 },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  });
  return picture.render().asPng();
}

export const sendReport: ActionHandler<'sendReport'> = async ({
  db,
  action,
  context,
  idempotencyKey,
  services,
}) => {
  const reports = services.reports;
  if (!reports) throw new PermanentActionError('Reports cannot be sent by this engine.');
  const live = await loadLiveDataset(db, action.datasetId);
  if (!live) throw new PermanentActionError('The report’s dataset is not published.');
  const { dataset, sources } = live;
  const section =
    action.chartSectionId === undefined
      ? null
      : dataset.sections.find((candidate) => candidate.id === action.chartSectionId);
  if (section === undefined || (section && !drawnChartTypes.includes(section.chart.type)))
    throw new PermanentActionError('The report’s dataset has no such chart section.');
  const now = services.flows.now();
  const { readers, refused } = await resolveReportReaders(db, action.to, context, now);
  const mayNotRead = readers.filter((reader) => !canReadDataset(reader.roles, sources));
  const allowed = readers.filter((reader) => canReadDataset(reader.roles, sources));
  if (allowed.length === 0)
    throw new PermanentActionError(
      'Nobody the report goes to may read this dataset (only people of this installation get reports).',
    );
  // Readers whose query (and so whose rows) is the same share one mail.
  const groups = new Map<string, { compiled: CompiledDataset; readers: ReportReader[] }>();
  for (const reader of allowed) {
    const compiled = compileDataset(dataset, sources, {
      requestParams: action.params,
      now,
      rowCap: datasetExportRowCap,
      viewer: datasetViewer(reader, dataset),
    });
    const key = JSON.stringify([compiled.sql, compiled.values]);
    const group = groups.get(key) ?? { compiled, readers: [] };
    group.readers.push(reader);
    groups.set(key, group);
  }
  const document = await db.document.findUnique({ where: { id: action.datasetId }, select: { name: true } });
  const stem = fileStem(document?.name ?? 'report');
  const mail = renderEmail(action, context);
  const messages: { messageId: string; to: string[]; rows: number }[] = [];
  for (const { compiled, readers: group } of groups.values()) {
    const rows = (await readRows(reports, compiled)).slice(0, datasetExportRowCap);
    const attachments: Attachment[] = [];
    if (action.attachCsv)
      attachments.push({ filename: `${stem}.csv`, contentType: 'text/csv', content: csvOf(compiled, rows) });
    if (section)
      attachments.push({
        filename: `${fileStem(section.title)}.png`,
        contentType: 'image/png',
        content: pngOf(section, compiled, rows),
      });
    const bytes = attachments.reduce((sum, attachment) => sum + attachment.content.length, 0);
    if (bytes > maxReportAttachmentBytes)
      throw new PermanentActionError(
        `The report’s attachments are ${(bytes / 1_048_576).toFixed(1)} MB, over the ${maxReportAttachmentBytes / 1_048_576} MB a mail may carry: filter or group the dataset to fewer rows.`,
      );
    // One key per mail: the action's, and the first reader of the group (readers come sorted by address).
    const key = `${idempotencyKey}:${group[0]?.id}`;
    const messageId = `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@erp-builder.invalid>`;
    const to = group.map((reader) => reader.email);
    await sendThroughSmtp(
      services,
      { to, subject: mail.subject, text: mail.text, html: mail.html, messageId },
      attachments,
    );
    const kept = await db.outboxMessage.findUnique({ where: { idempotencyKey: key }, select: { id: true } });
    if (!kept) {
      await db.outboxMessage.create({
        data: {
          idempotencyKey: key,
          messageId,
          to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          sentAt: services.mailer ? now : null,
          attachments: {
            create: attachments.map((attachment, position) => ({
              position,
              filename: attachment.filename,
              contentType: attachment.contentType,
              size: attachment.content.length,
              content: new Uint8Array(attachment.content),
            })),
          },
        },
      });
    }
    messages.push({ messageId, to, rows: rows.length });
  }
  return {
    messages,
    refused,
    mayNotRead: mayNotRead.map((reader) => reader.email),
    sent: services.mailer !== null,
    missing: mail.missing,
  };
};
