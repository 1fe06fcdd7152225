import { describe, expect, it } from 'vitest';
import { datasetSample } from './dataset/dataset.sample';
import { emptyDataset } from './dataset/dataset.schema';
import { formDataSourceId, systemSourceIds } from './dataset/system-sources';
import { flowSample, formId } from './flow/flow.sample';
import { emptyFlow, type Flow } from './flow/flow.schema';
import { checkReferences, listReferences, type PublishedDocument } from './references';
import { customers, tableSample } from './table/table.sample';
import { emptyTable, type Table } from './table/table.schema';
import { linkFieldSample, taskFormSample } from './task-form/task-form.sample';
import { datasetId, flowId, tableId, triggerSample } from './trigger/trigger.sample';

const published = (entries: Record<string, PublishedDocument>) => (id: string) => entries[id];

// A form with the value fields a flow's conditions may read.
const amountForm = {
  ...taskFormSample,
  fields: [{ ...taskFormSample.fields[0], key: 'amount' }],
} as typeof taskFormSample;
const orderTable: Table = { ...emptyTable(), fields: [{ ...tableSample.fields[3], key: 'amount' }] } as Table;

function flowStartedBy(form: string): Flow {
  const flow = structuredClone(flowSample);
  flow.triggers = [{ id: 't2', type: 'formSubmission', taskFormId: form }];
  return flow;
}

describe('cross-references of publish and releases', () => {
  it('lists what a document points at', () => {
    // The sample's levels, request form and record trigger all name one id.
    expect(listReferences('flow', flowSample)).toEqual([formId]);
    expect(listReferences('trigger', triggerSample).sort()).toEqual([flowId, tableId, datasetId].sort());
    expect(listReferences('taskForm', taskFormSample)).toEqual([]);
  });

  it('wants a flow’s levels and request form published as task forms, by node id', () => {
    const flow = flowStartedBy(formId);
    const issues = checkReferences('flow', flow, published({}));
    expect(issues).toContainEqual({
      path: ['nodes', 'n02', 'taskFormId'],
      message: 'No published task form has this id.',
    });
    expect(issues).toContainEqual({
      path: ['triggers', 't2', 'taskFormId'],
      message: 'No published task form has this id.',
    });
    const asFlow = { kind: 'flow', content: emptyFlow() } as PublishedDocument;
    expect(checkReferences('flow', flow, published({ [formId]: asFlow }))).toContainEqual(
      expect.objectContaining({ path: ['nodes', 'n02', 'taskFormId'] }),
    );
    expect(
      checkReferences('flow', flow, published({ [formId]: { kind: 'taskForm', content: amountForm } })),
    ).toEqual([]);
  });

  it('checks that a flow’s conditions read fields its forms have, when every start has a known shape', () => {
    const flow = flowStartedBy(formId);
    const edge = flow.edges.find((candidate) => candidate.id === 'e03');
    if (!edge) throw new Error('the sample has e03');
    edge.condition = { type: 'comparison', left: 'amout', operator: 'gt', right: 1000 };
    expect(
      checkReferences('flow', flow, published({ [formId]: { kind: 'taskForm', content: amountForm } })),
    ).toEqual([
      { path: ['edges', 'e03', 'condition'], message: 'No form of this flow has the field amout.' },
    ]);
    // Started by hand, the data can hold anything: nothing to check against.
    flow.triggers = [{ id: 't1', type: 'manual' }];
    expect(
      checkReferences('flow', flow, published({ [formId]: { kind: 'taskForm', content: amountForm } })),
    ).toEqual([]);
  });

  it('wants a trigger’s flow, tables and event fields to exist', () => {
    const issues = checkReferences('trigger', triggerSample, published({}));
    expect(issues.map((issue) => issue.path.join('.')).sort()).toEqual(
      [
        'actions.a2.flowId',
        'actions.a3.tableId',
        'actions.a4.tableId',
        'actions.a10.datasetId',
        'condition',
        'event.tableId',
      ].sort(),
    );
    const world = published({
      [flowId]: { kind: 'flow', content: flowSample },
      [tableId]: { kind: 'table', content: orderTable },
      [datasetId]: { kind: 'dataset', content: datasetSample },
    });
    expect(checkReferences('trigger', triggerSample, world)).toEqual([]);
    // A report draws a chart section of its dataset: not a missing one, not a number.
    const reportOf = (chartSectionId: string) => ({
      ...triggerSample,
      actions: triggerSample.actions.map((action) =>
        action.type === 'sendReport' ? { ...action, chartSectionId } : action,
      ),
    });
    expect(checkReferences('trigger', reportOf('gone'), world)).toEqual([
      { path: ['actions', 'a10', 'chartSectionId'], message: 'The published dataset has no such section.' },
    ]);
    // A parameter the dataset's filter reads must have a value.
    const regional = {
      ...datasetSample,
      filter: {
        type: 'comparison' as const,
        left: 'main.region',
        operator: 'eq' as const,
        right: '{{region}}',
      },
    };
    const withRegion = published({
      ...Object.fromEntries([[datasetId, { kind: 'dataset', content: regional }]]),
    });
    const noRegion = {
      ...reportOf('x2'),
      actions: reportOf('x2').actions.map((action) =>
        action.type === 'sendReport' ? { ...action, params: {} } : action,
      ),
    };
    expect(
      checkReferences('trigger', noRegion, withRegion).filter((found) => found.path.includes('params')),
    ).toEqual([
      {
        path: ['actions', 'a10', 'params', 'region'],
        message: "Give the report's parameter region a value.",
      },
    ]);
    expect(
      checkReferences('trigger', reportOf('x2'), withRegion).filter((found) => found.path.includes('params')),
    ).toEqual([]);
    expect(checkReferences('trigger', reportOf('x1'), world)).toEqual([
      {
        path: ['actions', 'a10', 'chartSectionId'],
        message: 'Choose a bar, line, area or pie chart section.',
      },
    ]);
    const onLevel = {
      ...triggerSample,
      event: { type: 'flow.level_entered' as const, flowId, nodeId: 'gone' },
    };
    expect(checkReferences('trigger', onLevel, world)).toContainEqual({
      path: ['event', 'nodeId'],
      message: 'The published flow has no level with this id.',
    });
  });

  it('wants a table’s relations and a dataset’s tables, joins and columns to exist', () => {
    const relation = tableSample.fields.find((field) => field.type === 'link');
    if (!relation) throw new Error('the sample has a relation');
    expect(checkReferences('table', tableSample, published({}))).toContainEqual(
      expect.objectContaining({ path: ['fields', relation.id, 'targetTableId'] }),
    );
    expect(checkReferences('dataset', datasetSample, published({}))).toEqual([
      { path: ['tableId'], message: 'No published table has this id.' },
    ]);
    const issues = checkReferences(
      'dataset',
      datasetSample,
      published({ [datasetSample.tableId as string]: { kind: 'table', content: orderTable } }),
    );
    expect(issues).toContainEqual(expect.objectContaining({ path: ['joins', 'j1', 'relationFieldId'] }));
    expect(issues).toContainEqual(
      expect.objectContaining({ path: ['filter'], message: 'The table of main has no field status.' }),
    );
  });

  it('reads work data: system sources need nothing published, a form’s answers need the form', () => {
    const tasks = { ...emptyDataset(), tableId: systemSourceIds.tasks };
    const joined = {
      ...tasks,
      joins: [
        { id: 'j1', order: 'a0', alias: 'instance', relationFieldId: 'instance', type: 'left' as const },
      ],
      groupings: [{ id: 'g1', order: 'a0', alias: 'dept', field: 'instance.department' }],
    };
    expect(listReferences('dataset', joined)).toEqual([]);
    expect(checkReferences('dataset', joined, published({}))).toEqual([]);
    const wrong = {
      ...joined,
      groupings: [{ id: 'g1', order: 'a0', alias: 'dept', field: 'instance.salary' }],
    };
    expect(checkReferences('dataset', wrong, published({}))).toEqual([
      { path: ['groupings', 'g1', 'field'], message: 'The table of instance has no field salary.' },
    ]);
    const answers = {
      ...emptyDataset(),
      tableId: formDataSourceId(formId),
      groupings: [{ id: 'g1', order: 'a0', alias: 'a', field: 'main.amount' }],
    };
    expect(listReferences('dataset', answers)).toEqual([formId]);
    expect(checkReferences('dataset', answers, published({}))).toEqual([
      { path: ['tableId'], message: 'No published task form has this id.' },
    ]);
    const forms = published({ [formId]: { kind: 'taskForm', content: amountForm } });
    expect(checkReferences('dataset', answers, forms)).toEqual([]);
  });

  it('wants a task form’s link fields to point at published tables, and a dataset to join along them', () => {
    const form = { ...taskFormSample, fields: [...taskFormSample.fields, linkFieldSample] };
    expect(checkReferences('taskForm', taskFormSample, published({}))).toEqual([]);
    expect(listReferences('taskForm', form)).toEqual([customers]);
    expect(checkReferences('taskForm', form, published({}))).toEqual([
      { path: ['fields', 'f15', 'targetTableId'], message: 'No published table has this id.' },
    ]);
    const asForm = published({ [customers]: { kind: 'taskForm', content: amountForm } });
    expect(checkReferences('taskForm', form, asForm)).toHaveLength(1);
    const customerTable: Table = {
      ...emptyTable(),
      fields: [{ ...tableSample.fields[0], key: 'region' }],
    } as Table;
    const withTable = { [customers]: { kind: 'table', content: customerTable } as PublishedDocument };
    expect(checkReferences('taskForm', form, published(withTable))).toEqual([]);
    // A dataset over the form's answers joins the customer the answer links to and reads its columns.
    const answers = {
      ...emptyDataset(),
      tableId: formDataSourceId(formId),
      joins: [{ id: 'j1', order: 'a0', alias: 'customer', relationFieldId: 'v_f15', type: 'left' as const }],
      groupings: [{ id: 'g1', order: 'a0', alias: 'region', field: 'customer.region' }],
    };
    const both = published({ ...withTable, [formId]: { kind: 'taskForm', content: form } });
    expect(checkReferences('dataset', answers, both)).toEqual([]);
    const wrong = { ...answers, groupings: [{ ...answers.groupings[0], field: 'customer.salary' }] };
    expect(checkReferences('dataset', wrong as typeof answers, both)).toEqual([
      { path: ['groupings', 'g1', 'field'], message: 'The table of customer has no field salary.' },
    ]);
  });
});
