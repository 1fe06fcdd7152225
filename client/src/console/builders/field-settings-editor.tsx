import type { FieldType, Option } from '@erp/shared';
import type { DocumentIssue } from '@erp/shared/documents';
import { Checkbox, Field, inputClasses } from '../../ui/field';

// The settings of a field of the shared vocabulary (its default and validation rules), the same editor in the
// task form designer and the table designer. Each change is a patch of settings; `undefined` clears one.

type Settings = Record<string, unknown>;
type Rules = Record<string, unknown>;

export interface SettingsField extends Settings {
  id: string;
  type: FieldType;
  options?: Option[];
}

/** The problem of a field's issues (paths `['fields', fieldId, …]`) at a settings path, if any. */
export const problemAtOf =
  (issues: readonly DocumentIssue[]) =>
  (path: readonly string[]): string | undefined =>
    issues.find((issue) => path.every((part, index) => String(issue.path[index + 2]) === part))?.message;

interface EditorProps {
  field: SettingsField;
  /** The tables a link field can point at. */
  tables?: readonly { id: string; name: string }[];
  isReadOnly: boolean;
  /** The problem the checks found at this settings path (`['validation', 'max']`), if any. */
  problemAt: (path: readonly string[]) => string | undefined;
  onChange: (patch: Settings) => void;
}

export function FieldSettingsEditor(props: EditorProps) {
  const { field, isReadOnly, onChange } = props;
  const rules = (field.validation ?? {}) as Rules;
  // Rules are one object: a rule cleared to nothing leaves no empty object behind.
  const setRule = (name: string, value: unknown) => {
    const next = Object.fromEntries(
      Object.entries({ ...rules, [name]: value }).filter(([, rule]) => rule !== undefined),
    );
    onChange({ validation: Object.keys(next).length > 0 ? next : undefined });
  };
  const rule = (name: string, label: string, input: NumberInput = 'integer') => (
    <NumberSetting
      {...props}
      key={name}
      path={['validation', name]}
      label={label}
      input={input}
      value={rules[name]}
      onValue={(value) => setRule(name, value)}
    />
  );
  const numberDefaultAndRange = (
    <>
      <NumberSetting
        {...props}
        path={['default']}
        label="Default value"
        input="any"
        value={field.default}
        onValue={(value) => onChange({ default: value })}
      />
      {rule('min', 'Smallest', 'any')}
      {rule('max', 'Largest', 'any')}
    </>
  );
  const defaultText = (type: string) => (
    <TextSetting {...props} path={['default']} label="Default value" type={type} value={field.default} />
  );
  switch (field.type) {
    case 'text':
      return (
        <Settings>
          {defaultText('text')}
          {rule('minLength', 'At least (characters)')}
          {rule('maxLength', 'At most (characters)')}
          <TextSetting
            {...props}
            path={['validation', 'pattern']}
            label="Pattern (regular expression)"
            type="text"
            mono
            value={rules.pattern}
            onValue={(value) => setRule('pattern', value)}
          />
        </Settings>
      );
    case 'longText':
      return (
        <Settings>
          {defaultText('text')}
          {rule('minLength', 'At least (characters)')}
          {rule('maxLength', 'At most (characters)')}
        </Settings>
      );
    case 'number':
      return (
        <Settings>
          {numberDefaultAndRange}
          <Checkbox
            label="Whole numbers only"
            checked={rules.integer === true}
            disabled={isReadOnly}
            onChange={(event) => setRule('integer', event.target.checked || undefined)}
          />
        </Settings>
      );
    case 'decimal':
      return (
        <Settings>
          <NumberSetting
            {...props}
            path={['scale']}
            label="Decimal places"
            input="integer"
            value={field.scale}
            onValue={(value) => onChange({ scale: value ?? 0 })}
          />
          <TextSetting
            {...props}
            path={['currencyCode']}
            label="Currency (ISO code, such as EUR)"
            type="text"
            value={field.currencyCode}
            onValue={(value) => onChange({ currencyCode: value?.toUpperCase() })}
          />
          {numberDefaultAndRange}
        </Settings>
      );
    case 'date':
    case 'dateTime':
      return <DateSettings {...props} rules={rules} setRule={setRule} />;
    case 'boolean':
      return (
        <Settings>
          <Checkbox
            label="Ticked by default"
            checked={field.default === true}
            disabled={isReadOnly}
            onChange={(event) => onChange({ default: event.target.checked || undefined })}
          />
        </Settings>
      );
    case 'select':
      return (
        <Settings>
          <Field label="Chosen by default" error={props.problemAt(['default'])}>
            {(control) => (
              <select
                {...control}
                className={inputClasses}
                value={typeof field.default === 'string' ? field.default : ''}
                disabled={isReadOnly}
                onChange={(event) => onChange({ default: event.target.value || undefined })}
              >
                <option value="">Nothing</option>
                {field.options?.map((option) => (
                  <option key={option.id} value={option.id}>
                    {option.label || option.value}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </Settings>
      );
    case 'multiSelect': {
      const chosen = Array.isArray(field.default) ? (field.default as string[]) : [];
      return (
        <Settings>
          <fieldset>
            <legend className="text-sm font-medium text-neutral-800">Chosen by default</legend>
            <div className="mt-2 space-y-1.5">
              {field.options?.map((option) => (
                <Checkbox
                  key={option.id}
                  label={option.label || option.value}
                  checked={chosen.includes(option.id)}
                  disabled={isReadOnly}
                  onChange={(event) => {
                    const next = event.target.checked
                      ? [...chosen, option.id]
                      : chosen.filter((id) => id !== option.id);
                    onChange({ default: next.length > 0 ? next : undefined });
                  }}
                />
              ))}
            </div>
          </fieldset>
          {rule('minSelected', 'Choose at least')}
          {rule('maxSelected', 'Choose at most')}
        </Settings>
      );
    }
    case 'email':
      return <Settings>{defaultText('email')}</Settings>;
    case 'url':
      return <Settings>{defaultText('url')}</Settings>;
    case 'phone':
      return <Settings>{defaultText('tel')}</Settings>;
    case 'file':
      return <FileSettings {...props} rules={rules} setRule={setRule} rule={rule} />;
    case 'user':
      return (
        <Settings>
          <Checkbox
            label="Several people"
            checked={field.multiple === true}
            disabled={isReadOnly}
            onChange={(event) => onChange({ multiple: event.target.checked || undefined })}
          />
          <Checkbox
            label="The person filling in, by default"
            checked={field.default === 'currentUser'}
            disabled={isReadOnly}
            onChange={(event) => onChange({ default: event.target.checked ? 'currentUser' : undefined })}
          />
        </Settings>
      );
    case 'link':
      return (
        <LinkTargetSettings
          fieldId={field.id}
          targetTableId={String(field.targetTableId ?? '')}
          cardinality={field.cardinality === 'many' ? 'many' : 'one'}
          tables={props.tables ?? []}
          isReadOnly={isReadOnly}
          problem={props.problemAt(['targetTableId'])}
          onChange={onChange}
        />
      );
  }
}

/** Which table a link field points at, and whether it holds one record or several: tables and task forms. */
export function LinkTargetSettings({
  fieldId,
  targetTableId,
  cardinality,
  tables,
  isReadOnly,
  problem,
  onChange,
}: {
  fieldId: string;
  targetTableId: string;
  cardinality: 'one' | 'many';
  tables: readonly { id: string; name: string }[];
  isReadOnly: boolean;
  problem?: string | undefined;
  onChange: (patch: Settings) => void;
}) {
  return (
    <div className="flex flex-wrap items-start gap-4">
      <Field label="Links to" error={problem} className="w-56">
        {(control) => (
          <select
            {...control}
            name={`${fieldId}-targetTableId`}
            className={inputClasses}
            value={targetTableId}
            disabled={isReadOnly}
            onChange={(event) => onChange({ targetTableId: event.target.value })}
          >
            {!tables.some((table) => table.id === targetTableId) && <option value="">Choose a table</option>}
            {tables.map((table) => (
              <option key={table.id} value={table.id}>
                {table.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="How many" className="w-44">
        {(control) => (
          <select
            {...control}
            name={`${fieldId}-cardinality`}
            className={inputClasses}
            value={cardinality}
            disabled={isReadOnly}
            onChange={(event) => onChange({ cardinality: event.target.value })}
          >
            <option value="one">One record</option>
            <option value="many">Several records</option>
          </select>
        )}
      </Field>
    </div>
  );
}

function Settings({ children }: { children: React.ReactNode }) {
  return <div className="space-y-4">{children}</div>;
}

type NumberInput = 'integer' | 'any';

function NumberSetting({
  field,
  path,
  label,
  input,
  value,
  isReadOnly,
  problemAt,
  onValue,
}: EditorProps & {
  path: string[];
  label: string;
  input: NumberInput;
  value: unknown;
  onValue: (value: number | undefined) => void;
}) {
  return (
    <Field label={label} error={problemAt(path)}>
      {(control) => (
        <input
          {...control}
          name={`${field.id}-${path.join('-')}`}
          type="number"
          inputMode={input === 'integer' ? 'numeric' : 'decimal'}
          step={input === 'integer' ? 1 : 'any'}
          className={inputClasses}
          value={typeof value === 'number' ? value : ''}
          readOnly={isReadOnly}
          onChange={(event) => {
            const number = event.target.valueAsNumber;
            onValue(Number.isFinite(number) ? number : undefined);
          }}
        />
      )}
    </Field>
  );
}

function TextSetting({
  field,
  path,
  label,
  type,
  mono = false,
  value,
  isReadOnly,
  problemAt,
  onChange,
  onValue = (text) => onChange({ [path[0] ?? 'default']: text }),
}: EditorProps & {
  path: string[];
  label: string;
  type: string;
  mono?: boolean;
  value: unknown;
  onValue?: (value: string | undefined) => void;
}) {
  return (
    <Field label={label} error={problemAt(path)}>
      {(control) => (
        <input
          {...control}
          name={`${field.id}-${path.join('-')}`}
          type={type}
          className={mono ? `${inputClasses} font-mono` : inputClasses}
          value={typeof value === 'string' ? value : ''}
          readOnly={isReadOnly}
          onChange={(event) => onValue(event.target.value === '' ? undefined : event.target.value)}
        />
      )}
    </Field>
  );
}

type RuleProps = EditorProps & { rules: Rules; setRule: (name: string, value: unknown) => void };

// Dates default to a fixed day or to the day the form is filled in; their bounds are fixed days.
function DateSettings({ field, isReadOnly, problemAt, onChange, rules, setRule }: RuleProps) {
  const isDate = field.type === 'date';
  const relative = isDate ? 'today' : 'now';
  const type = isDate ? 'date' : 'datetime-local';
  // A datetime-local input shows local time without an offset; the document stores an ISO instant.
  const toStored = (raw: string) => (raw === '' ? undefined : isDate ? raw : new Date(raw).toISOString());
  const toInput = (stored: unknown) =>
    typeof stored !== 'string' || stored === relative ? '' : isDate ? stored : toLocalInput(stored);
  const dateInput = (label: string, path: string[], value: unknown, set: (value: unknown) => void) => (
    <Field label={label} error={problemAt(path)}>
      {(control) => (
        <input
          {...control}
          type={type}
          className={inputClasses}
          value={toInput(value)}
          readOnly={isReadOnly}
          onChange={(event) => set(toStored(event.target.value))}
        />
      )}
    </Field>
  );
  return (
    <Settings>
      <Checkbox
        label={isDate ? 'Today by default' : 'Now by default'}
        checked={field.default === relative}
        disabled={isReadOnly}
        onChange={(event) => onChange({ default: event.target.checked ? relative : undefined })}
      />
      {field.default !== relative &&
        dateInput('Default value', ['default'], field.default, (value) => onChange({ default: value }))}
      {dateInput('Earliest', ['validation', 'min'], rules.min, (value) => setRule('min', value))}
      {dateInput('Latest', ['validation', 'max'], rules.max, (value) => setRule('max', value))}
    </Settings>
  );
}

const toLocalInput = (iso: string) => {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

const megabyte = 1024 * 1024;

function FileSettings({
  field,
  isReadOnly,
  problemAt,
  rules,
  setRule,
  rule,
}: RuleProps & { rule: (name: string, label: string) => React.ReactNode }) {
  const types = Array.isArray(rules.allowedTypes) ? (rules.allowedTypes as string[]) : [];
  const size = typeof rules.maxSizeBytes === 'number' ? rules.maxSizeBytes / megabyte : undefined;
  return (
    <Settings>
      <Field
        label="Allowed types"
        help="Extensions or types, separated by commas: .pdf, image/*"
        error={problemAt(['validation', 'allowedTypes'])}
      >
        {(control) => (
          <input
            {...control}
            name={`${field.id}-allowed-types`}
            className={`${inputClasses} font-mono`}
            defaultValue={types.join(', ')}
            readOnly={isReadOnly}
            // Written when the list is complete, so a half-typed entry never flags the whole list.
            onBlur={(event) => {
              const next = event.target.value
                .split(',')
                .map((entry) => entry.trim())
                .filter(Boolean);
              setRule('allowedTypes', next.length > 0 ? next : undefined);
            }}
          />
        )}
      </Field>
      <Field label="Largest file (MB)" error={problemAt(['validation', 'maxSizeBytes'])}>
        {(control) => (
          <input
            {...control}
            type="number"
            min={0}
            step="any"
            className={inputClasses}
            value={size ?? ''}
            readOnly={isReadOnly}
            onChange={(event) => {
              const mb = event.target.valueAsNumber;
              setRule('maxSizeBytes', Number.isFinite(mb) ? Math.round(mb * megabyte) : undefined);
            }}
          />
        )}
      </Field>
      {rule('maxFiles', 'Files at most')}
    </Settings>
  );
}
