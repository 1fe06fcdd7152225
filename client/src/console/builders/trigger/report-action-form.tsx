import { type Dataset, listDatasetParams, type TriggerAction } from '@erp/shared/documents';
import { drawnChartTypes } from '@erp/shared/reports';
import { useApi } from '../../../api/use-api';
import { getVersion } from '../../../api/versions';
import { ErrorAlert } from '../../../ui/alert';
import { Checkbox, Field, inputClasses } from '../../../ui/field';

// What a mailed report sends: a published dataset, its rows as CSV and/or one of its charts as a picture.
// Only published datasets are offered (the engine runs the live version), and only their bar, line, area and
// pie sections (a number or a table is no picture). Who gets it is the recipients list above.

export interface DatasetChoice {
  id: string;
  name: string;
  liveVersion: number;
}

export function ReportActionForm({
  action,
  datasets,
  isReadOnly,
  update,
  setParam,
}: {
  action: Extract<TriggerAction, { type: 'sendReport' }>;
  datasets: DatasetChoice[] | undefined;
  isReadOnly: boolean;
  update: (patch: Record<string, unknown>) => void;
  /** One value of the dataset's parameters (its filter's `{{name}}`). */
  setParam: (name: string, value: string) => void;
}) {
  const chosen = datasets?.find((dataset) => dataset.id === action.datasetId);
  const version = useApi(`dataset-sections:${chosen?.id}:${chosen?.liveVersion}`, (signal) =>
    chosen ? getVersion(chosen.id, chosen.liveVersion, signal) : Promise.resolve(null),
  );
  const live = version.data?.content as Dataset | undefined;
  const sections = (live?.sections ?? []).filter((section) => drawnChartTypes.includes(section.chart.type));
  const params = listDatasetParams(live?.filter);
  return (
    <div className="space-y-4">
      <Field
        label="Report"
        help="A published dataset. Each recipient gets the rows they may see; addresses of nobody here get nothing."
      >
        {(control) => (
          <select
            {...control}
            className={inputClasses}
            value={action.datasetId ?? ''}
            disabled={isReadOnly}
            onChange={(event) => update({ datasetId: event.target.value, chartSectionId: undefined })}
          >
            <option value="">Choose a dataset…</option>
            {datasets?.map((dataset) => (
              <option key={dataset.id} value={dataset.id}>
                {dataset.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      {datasets?.length === 0 && (
        <p className="text-sm text-neutral-500">No dataset is published yet: publish one to mail it.</p>
      )}
      {params.length > 0 && (
        <fieldset className="space-y-3">
          <legend className="text-sm font-medium text-neutral-800">Parameters of the report</legend>
          {params.map((name) => (
            <Field key={name} label={name} help={`The value of {{${name}}} in the report's filter.`}>
              {(control) => (
                <input
                  {...control}
                  className={inputClasses}
                  value={action.params?.[name] ?? ''}
                  readOnly={isReadOnly}
                  onChange={(event) => setParam(name, event.target.value)}
                />
              )}
            </Field>
          ))}
        </fieldset>
      )}
      <Checkbox
        label="Attach the rows as CSV"
        description="The same file as the report's export."
        checked={action.attachCsv ?? false}
        disabled={isReadOnly}
        onChange={(event) => update({ attachCsv: event.target.checked })}
      />
      <Field label="Chart picture" help="A chart of the report, drawn as in the portal, attached as a PNG.">
        {(control) => (
          <select
            {...control}
            className={inputClasses}
            value={action.chartSectionId ?? ''}
            disabled={isReadOnly || !chosen}
            onChange={(event) => update({ chartSectionId: event.target.value || undefined })}
          >
            <option value="">No chart</option>
            {sections.map((section) => (
              <option key={section.id} value={section.id}>
                {section.title} ({section.chart.type})
              </option>
            ))}
          </select>
        )}
      </Field>
      {version.error ? (
        <ErrorAlert error={version.error} title="The report's charts could not be loaded" />
      ) : null}
    </div>
  );
}
