import type { Comparison, ComparisonOperator, Condition, ConditionGroup } from '@erp/shared/conditions';

/** What the editor offers on the left of a comparison: a form field, with the type its inputs follow. */
export interface ConditionField {
  key: string;
  label: string;
  type: ConditionFieldType;
  options?: { value: string; label: string }[];
}
export type ConditionFieldType = 'text' | 'number' | 'date' | 'boolean' | 'choice' | 'list';

const emptiness = ['isEmpty', 'isNotEmpty'] as const;
export const operatorsByType = {
  text: ['eq', 'neq', 'contains', 'in', 'notIn', ...emptiness],
  number: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'notIn', ...emptiness],
  date: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', ...emptiness],
  boolean: ['eq', 'neq', ...emptiness],
  choice: ['eq', 'neq', 'in', 'notIn', ...emptiness],
  list: ['contains', ...emptiness],
} as const satisfies Record<ConditionFieldType, readonly ComparisonOperator[]>;

/** Task form field types as the condition editor sees them; files and sections cannot be compared. */
const typeOfFormField: Record<string, ConditionFieldType | undefined> = {
  text: 'text',
  longText: 'text',
  email: 'text',
  phone: 'text',
  user: 'text',
  number: 'number',
  decimal: 'number',
  date: 'date',
  dateTime: 'date',
  boolean: 'boolean',
  select: 'choice',
  multiSelect: 'list',
};

/** The comparable fields of task forms (their JSON as read from the document or a version). */
export function conditionFieldsOf(
  formFields: readonly {
    key?: string;
    label: string;
    type: string;
    options?: { value: string; label: string }[];
  }[],
): ConditionField[] {
  return formFields.flatMap((field) => {
    const type = typeOfFormField[field.type];
    // Section headings hold no value (and have no key): nothing to compare.
    if (!type || field.key === undefined) return [];
    // The stored value of a choice is the option's value, which is what a condition compares.
    const options = field.options?.map((option) => ({
      value: option.value,
      label: option.label || option.value,
    }));
    return [{ key: field.key, label: field.label || field.key, type, ...(options ? { options } : {}) }];
  });
}

export function fieldTypeOf(fields: ConditionField[], key: string): ConditionFieldType {
  return fields.find((field) => field.key === key)?.type ?? 'text';
}

/** A comparison that is valid as soon as it is added: the operator and value fit the field's type. */
export function newComparison(field: ConditionField | undefined, operator?: ComparisonOperator): Comparison {
  const type = field?.type ?? 'text';
  const chosen = operator ?? operatorsByType[type][0];
  const left = field?.key ?? 'field';
  if (chosen === 'isEmpty' || chosen === 'isNotEmpty') return { type: 'comparison', left, operator: chosen };
  if (chosen === 'in' || chosen === 'notIn') return { type: 'comparison', left, operator: chosen, right: [] };
  const right = type === 'number' ? 0 : type === 'boolean' ? true : (field?.options?.[0]?.value ?? '');
  if (chosen === 'gt' || chosen === 'gte' || chosen === 'lt' || chosen === 'lte') {
    return { type: 'comparison', left, operator: chosen, right: typeof right === 'boolean' ? 0 : right };
  }
  return { type: 'comparison', left, operator: chosen, right };
}

/** Keeps the value when it still fits the new operator (eq → neq keeps "EU"), otherwise starts afresh. */
export function changeOperator(
  comparison: Comparison,
  operator: ComparisonOperator,
  field: ConditionField | undefined,
): Comparison {
  const fresh = newComparison(field ?? { key: comparison.left, label: '', type: 'text' }, operator);
  const left = comparison.left;
  if (!('right' in comparison) || !('right' in fresh)) return { ...fresh, left };
  if (
    Array.isArray(comparison.right) === Array.isArray(fresh.right) &&
    typeof comparison.right === typeof fresh.right
  ) {
    return { ...fresh, left, right: comparison.right } as Comparison;
  }
  return { ...fresh, left };
}

/** A path into the tree: the child indexes from the root group. */
export type ConditionPath = number[];

export function updateAt(
  root: Condition,
  path: ConditionPath,
  update: (node: Condition) => Condition,
): Condition {
  const [index, ...rest] = path;
  if (index === undefined) return update(root);
  if (root.type !== 'group') return root;
  return {
    ...root,
    children: root.children.map((child, at) => (at === index ? updateAt(child, rest, update) : child)),
  };
}

/** Removes the node at `path`; a group left empty goes too, and removing the last node leaves nothing. */
export function removeAt(root: Condition, path: ConditionPath): Condition | undefined {
  const [index, ...rest] = path;
  if (index === undefined || root.type !== 'group') return undefined;
  const children = root.children.flatMap((child, at) => {
    if (at !== index) return [child];
    const kept = removeAt(child, rest);
    return kept ? [kept] : [];
  });
  return children.length === 0 ? undefined : { ...root, children };
}

export function addChild(root: Condition, path: ConditionPath, child: Condition): Condition {
  return updateAt(root, path, (node) =>
    node.type === 'group' ? { ...node, children: [...node.children, child] } : node,
  );
}

/** Every condition the editor edits is a group at the root, so "add another" always has a place. */
export function asGroup(condition: Condition): ConditionGroup {
  return condition.type === 'group' ? condition : { type: 'group', op: 'and', children: [condition] };
}
