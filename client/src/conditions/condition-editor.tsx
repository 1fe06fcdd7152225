import type { Comparison, ComparisonOperator, Condition, ConditionGroup } from '@erp/shared/conditions';
import { describeCondition, operatorText } from '@erp/shared/conditions';
import { FolderPlus, Plus, X } from 'lucide-react';
import { useId } from 'react';
import { Button } from '../ui/button';
import { inputClasses } from '../ui/field';
import {
  addChild,
  asGroup,
  type ConditionField,
  type ConditionPath,
  changeOperator,
  fieldTypeOf,
  newComparison,
  operatorsByType,
  removeAt,
  updateAt,
} from './condition-model';

/**
 * The one condition editor (flow edges, form field visibility, triggers): nested AND / OR groups of
 * field / operator / value rows, inputs that fit each field's type, and the whole condition as a sentence.
 * `fields` are the fields known at this point; a field typed by hand outside them is kept as text.
 */
export function ConditionEditor({
  value,
  onChange,
  fields,
  isReadOnly = false,
  emptyText = 'No condition: always holds.',
}: {
  value: Condition | undefined;
  onChange: (next: Condition | undefined) => void;
  fields: ConditionField[];
  isReadOnly?: boolean;
  emptyText?: string;
}) {
  const listId = useId();
  if (!value) {
    return (
      <div className="space-y-2">
        <p className="text-sm text-neutral-500">{emptyText}</p>
        {!isReadOnly && (
          <Button
            size="sm"
            variant="secondary"
            icon={Plus}
            onClick={() => onChange({ type: 'group', op: 'and', children: [newComparison(fields[0])] })}
          >
            Add condition
          </Button>
        )}
      </div>
    );
  }
  const root = asGroup(value);
  const context: EditorContext = {
    fields,
    isReadOnly,
    listId,
    change: (path, update) => onChange(updateAt(root, path, update)),
    remove: (path) => onChange(removeAt(root, path)),
    add: (path, child) => onChange(addChild(root, path, child)),
  };
  return (
    <div className="space-y-3">
      <datalist id={listId}>
        {fields.map((field) => (
          <option key={field.key} value={field.key}>
            {field.label}
          </option>
        ))}
      </datalist>
      <GroupEditor group={root} path={[]} context={context} />
      <output
        className="block rounded-md bg-neutral-50 px-3 py-2 text-sm text-neutral-700"
        aria-label="Condition as text"
      >
        <span className="font-medium">Holds when </span>
        {describeCondition(root)}
      </output>
    </div>
  );
}

interface EditorContext {
  fields: ConditionField[];
  isReadOnly: boolean;
  listId: string;
  change: (path: ConditionPath, update: (node: Condition) => Condition) => void;
  remove: (path: ConditionPath) => void;
  add: (path: ConditionPath, child: Condition) => void;
}

function GroupEditor({
  group,
  path,
  context,
}: {
  group: ConditionGroup;
  path: ConditionPath;
  context: EditorContext;
}) {
  const depth = path.length;
  return (
    <fieldset
      className={
        depth > 0 ? 'space-y-2 rounded-md border border-neutral-200 bg-neutral-50/60 p-2' : 'space-y-2'
      }
      aria-label={depth === 0 ? 'Condition' : `Group ${path.map((index) => index + 1).join('.')}`}
    >
      <div className="flex items-center gap-2 text-sm">
        <label className="sr-only" htmlFor={`${context.listId}-op-${path.join('-')}`}>
          Match
        </label>
        <select
          id={`${context.listId}-op-${path.join('-')}`}
          className={`${inputClasses} h-8 w-auto`}
          value={group.op}
          disabled={context.isReadOnly}
          onChange={(event) =>
            context.change(path, (node) => ({
              ...(node as ConditionGroup),
              op: event.target.value as 'and' | 'or',
            }))
          }
        >
          <option value="and">All of</option>
          <option value="or">Any of</option>
        </select>
        <span className="text-neutral-500">these hold</span>
        {depth > 0 && !context.isReadOnly && (
          <Button size="sm" variant="ghost" icon={X} className="ml-auto" onClick={() => context.remove(path)}>
            <span className="sr-only">Remove group</span>
          </Button>
        )}
      </div>
      <ul className="space-y-2">
        {group.children.map((child, index) => {
          const childPath = [...path, index];
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: conditions have no ids; the position is the identity
            <li key={index}>
              {child.type === 'group' ? (
                <GroupEditor group={child} path={childPath} context={context} />
              ) : (
                <ComparisonRow comparison={child} path={childPath} context={context} />
              )}
            </li>
          );
        })}
      </ul>
      {!context.isReadOnly && (
        <div className="flex gap-1">
          <Button
            size="sm"
            variant="ghost"
            icon={Plus}
            onClick={() => context.add(path, newComparison(context.fields[0]))}
          >
            Add condition
          </Button>
          {depth < 3 && (
            <Button
              size="sm"
              variant="ghost"
              icon={FolderPlus}
              onClick={() =>
                context.add(path, { type: 'group', op: 'or', children: [newComparison(context.fields[0])] })
              }
            >
              Add group
            </Button>
          )}
        </div>
      )}
    </fieldset>
  );
}

function ComparisonRow({
  comparison,
  path,
  context,
}: {
  comparison: Comparison;
  path: ConditionPath;
  context: EditorContext;
}) {
  const id = `${context.listId}-${path.join('-')}`;
  const field = context.fields.find((candidate) => candidate.key === comparison.left);
  const type = fieldTypeOf(context.fields, comparison.left);
  const operators: readonly ComparisonOperator[] = operatorsByType[type];
  const set = (next: Comparison) => context.change(path, () => next);
  return (
    <div
      className="grid grid-cols-[minmax(0,1fr)_auto] gap-2 rounded-md border border-neutral-200 bg-white p-2"
      data-comparison
    >
      <div className="grid gap-2 sm:grid-cols-3">
        <div>
          <label className="sr-only" htmlFor={`${id}-field`}>
            Field
          </label>
          <input
            id={`${id}-field`}
            className={`${inputClasses} h-8`}
            list={context.listId}
            value={comparison.left}
            readOnly={context.isReadOnly}
            onChange={(event) => {
              const next = context.fields.find((candidate) => candidate.key === event.target.value);
              set(
                next && next.type !== type
                  ? newComparison(next)
                  : { ...comparison, left: event.target.value },
              );
            }}
          />
        </div>
        <div>
          <label className="sr-only" htmlFor={`${id}-operator`}>
            Operator
          </label>
          <select
            id={`${id}-operator`}
            className={`${inputClasses} h-8`}
            value={comparison.operator}
            disabled={context.isReadOnly}
            onChange={(event) =>
              set(changeOperator(comparison, event.target.value as ComparisonOperator, field))
            }
          >
            {(operators.includes(comparison.operator) ? operators : [comparison.operator, ...operators]).map(
              (operator) => (
                <option key={operator} value={operator}>
                  {operatorText[operator]}
                </option>
              ),
            )}
          </select>
        </div>
        <div>
          {'right' in comparison && (
            <ValueInput
              id={`${id}-value`}
              comparison={comparison}
              field={field}
              onChange={set}
              isReadOnly={context.isReadOnly}
            />
          )}
        </div>
      </div>
      {!context.isReadOnly && (
        <Button size="sm" variant="ghost" icon={X} onClick={() => context.remove(path)}>
          <span className="sr-only">Remove condition</span>
        </Button>
      )}
    </div>
  );
}

type ValueComparison = Extract<Comparison, { right: unknown }>;

function ValueInput({
  id,
  comparison,
  field,
  onChange,
  isReadOnly,
}: {
  id: string;
  comparison: ValueComparison;
  field: ConditionField | undefined;
  onChange: (next: Comparison) => void;
  isReadOnly: boolean;
}) {
  const type = field?.type ?? 'text';
  const label = (
    <label className="sr-only" htmlFor={id}>
      Value
    </label>
  );
  const right = comparison.right;
  if (Array.isArray(right)) {
    return (
      <>
        {label}
        <input
          id={id}
          className={`${inputClasses} h-8`}
          placeholder="a, b, c"
          readOnly={isReadOnly}
          value={right.join(', ')}
          onChange={(event) =>
            onChange({
              ...comparison,
              right: event.target.value
                .split(',')
                .map((part) => part.trim())
                .filter(Boolean)
                .map((part) => (type === 'number' && Number.isFinite(Number(part)) ? Number(part) : part)),
            } as Comparison)
          }
        />
      </>
    );
  }
  if (type === 'boolean') {
    return (
      <>
        {label}
        <select
          id={id}
          className={`${inputClasses} h-8`}
          disabled={isReadOnly}
          value={String(right)}
          onChange={(event) =>
            onChange({ ...comparison, right: event.target.value === 'true' } as Comparison)
          }
        >
          <option value="true">checked</option>
          <option value="false">not checked</option>
        </select>
      </>
    );
  }
  if ((type === 'choice' || type === 'list') && field?.options) {
    return (
      <>
        {label}
        <select
          id={id}
          className={`${inputClasses} h-8`}
          disabled={isReadOnly}
          value={String(right)}
          onChange={(event) => onChange({ ...comparison, right: event.target.value } as Comparison)}
        >
          {field.options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </>
    );
  }
  const isNumber = type === 'number';
  return (
    <>
      {label}
      <input
        id={id}
        type={isNumber ? 'number' : type === 'date' ? 'date' : 'text'}
        className={`${inputClasses} h-8`}
        readOnly={isReadOnly}
        value={String(right)}
        onChange={(event) => {
          const text = event.target.value;
          const next = isNumber ? (text === '' || !Number.isFinite(Number(text)) ? 0 : Number(text)) : text;
          onChange({ ...comparison, right: next } as Comparison);
        }}
      />
    </>
  );
}
