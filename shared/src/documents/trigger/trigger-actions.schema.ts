import { z } from 'zod';
import { fieldPathSchema } from '../../conditions/condition.schema';
import {
  entityIdSchema,
  entityShape,
  labelSchema,
  machineKeySchema,
  referenceIdSchema,
} from '../common.schema';

// Where an action's input comes from: a value of the event (`record.amount`, `task.data.approver`) or a constant.
export const valueSourceSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('path'), path: fieldPathSchema }),
  z.object({ type: z.literal('value'), value: z.json() }),
]);
export type ValueSource = z.infer<typeof valueSourceSchema>;

// Target field key → its value, for the data a flow starts with or the values of a record.
const mappingSchema = z
  .record(machineKeySchema, valueSourceSchema)
  .refine((mapping) => Object.keys(mapping).length <= 200, 'Map at most 200 fields.');

export const recipientSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('email'), address: z.email().max(320) }),
  z.object({ type: z.literal('user'), userId: referenceIdSchema }),
  // Everyone holding this company role when the mail is sent.
  z.object({ type: z.literal('orgRole'), orgRoleId: referenceIdSchema }),
  // An email address or a user id found in the event.
  z.object({ type: z.literal('path'), path: fieldPathSchema }),
]);
export type Recipient = z.infer<typeof recipientSchema>;

export const webhookMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
const headerNameSchema = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, 'Use a valid header name.');
const headerValueSchema = z
  .string()
  .max(2000)
  .regex(/^[^\r\n]*$/, 'A header value is one line.');

export const triggerActionTypes = [
  'sendEmail',
  'startFlow',
  'createRecord',
  'updateRecord',
  'callWebhook',
  'gmailSend',
  'outlookSend',
  'sheetsAppendRow',
  'sheetsUpdateRows',
  'sendReport',
] as const;
export type TriggerActionType = (typeof triggerActionTypes)[number];

// Texts (subject, bodies) may hold {{path}} placeholders that the engine fills from the event.
const actionShape = { ...entityShape, enabled: z.boolean() };

// Actions through a connected account (a Connection row: Google or Microsoft, see api/src/modules/connections).
const emailShape = {
  to: z.array(recipientSchema).min(1).max(50),
  subject: labelSchema,
  body: z.string().max(100_000),
};
export const sheetShape = {
  connectionId: referenceIdSchema,
  // The id in the sheet's URL: docs.google.com/spreadsheets/d/<id>/edit.
  spreadsheetId: z.string().regex(/^[\w-]{10,200}$/, "Paste the id from the sheet's URL."),
  sheet: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[^'!\p{Cc}]+$/u, 'A sheet name without quotes or !.'),
};
// A column by its header (row 1 of the sheet) → its value.
const columnNameSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[^\p{Cc}]+$/u, 'A column header is one line.');
const columnMappingSchema = z
  .record(columnNameSchema, valueSourceSchema)
  .refine((mapping) => Object.keys(mapping).length <= 100, 'Map at most 100 columns.');

// A dataset's filter placeholders ({{name}}) and their values, as the results URL's param.<name>.
const reportParamsSchema = z
  .record(
    z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'Use the placeholder’s name.'),
    z.string().max(1000),
  )
  .refine((params) => Object.keys(params).length <= 20, 'Set at most 20 parameters.');

export const triggerActionSchema = z.discriminatedUnion('type', [
  z.object({
    ...actionShape,
    type: z.literal('sendEmail'),
    to: z.array(recipientSchema).min(1).max(50),
    subject: labelSchema,
    body: z.string().max(100_000),
  }),
  z.object({ ...actionShape, type: z.literal('startFlow'), flowId: referenceIdSchema, data: mappingSchema }),
  z.object({
    ...actionShape,
    type: z.literal('createRecord'),
    tableId: referenceIdSchema,
    values: mappingSchema,
  }),
  z.object({
    ...actionShape,
    type: z.literal('updateRecord'),
    tableId: referenceIdSchema,
    recordId: valueSourceSchema,
    values: mappingSchema,
  }),
  z.object({
    ...actionShape,
    type: z.literal('callWebhook'),
    url: z.url({ protocol: /^https?$/ }).max(2000),
    method: z.enum(webhookMethods),
    headers: z
      .record(headerNameSchema, headerValueSchema)
      .refine((headers) => Object.keys(headers).length <= 50, 'Send at most 50 headers.'),
    // Not sent with GET.
    body: z.string().max(100_000),
    // An integration secret that signs the request; never stored in the document itself.
    secretRef: referenceIdSchema.optional(),
  }),
  z.object({
    ...actionShape,
    type: z.literal('gmailSend'),
    connectionId: referenceIdSchema,
    ...emailShape,
    // A Message-ID to reply to (a template, e.g. {{messageId}}): sent as In-Reply-To and References, so Gmail
    // and mail clients keep the thread. Empty: a new thread.
    inReplyTo: z.string().max(1_000),
  }),
  z.object({
    ...actionShape,
    type: z.literal('outlookSend'),
    connectionId: referenceIdSchema,
    ...emailShape,
  }),
  z.object({
    ...actionShape,
    type: z.literal('sheetsAppendRow'),
    ...sheetShape,
    values: columnMappingSchema,
  }),
  z.object({
    ...actionShape,
    type: z.literal('sheetsUpdateRows'),
    ...sheetShape,
    // Rows whose `matchColumn` equals this value get `values`; none matching is not an error.
    matchColumn: columnNameSchema,
    matchValue: valueSourceSchema,
    values: columnMappingSchema,
  }),
  // A published dataset mailed as its CSV export and/or one chart section drawn as a PNG (docs/decisions/0005):
  // each recipient gets the rows they may see; addresses of nobody in the company get nothing.
  z
    .object({
      ...actionShape,
      type: z.literal('sendReport'),
      ...emailShape,
      datasetId: referenceIdSchema,
      params: reportParamsSchema,
      attachCsv: z.boolean(),
      chartSectionId: entityIdSchema.optional(),
    })
    .refine((action) => action.attachCsv || action.chartSectionId !== undefined, {
      path: ['attachCsv'],
      message: 'Attach the CSV, a chart or both.',
    }),
]);
export type TriggerAction = z.infer<typeof triggerActionSchema>;
