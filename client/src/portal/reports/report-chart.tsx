import type { DatasetColumn, DatasetResult } from '@erp/shared/api/datasets';
import { chartColors as colors, formatCell } from '@erp/shared/reports';
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  Line,
  LineChart,
  Pie,
  PieChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

// One chart of a report section (Recharts, loaded with the report page only). Charts are pictures for sighted
// people; the section puts the same figures in a table beside it. No animation: figures are read, not watched.

type Row = Record<string, unknown>;

export function ReportChart({
  type,
  dimension,
  measures,
  rows,
}: {
  type: Exclude<DatasetResult['sections'][number]['chart']['type'], 'number' | 'table'>;
  dimension: DatasetColumn;
  measures: DatasetColumn[];
  rows: Row[];
}) {
  const data = rows.map((row) => ({
    ...row,
    [dimension.alias]: formatCell(row[dimension.alias], dimension),
  }));
  const axes = (
    <>
      <CartesianGrid strokeDasharray="3 3" stroke="#e5e5e5" />
      <XAxis dataKey={dimension.alias} tick={{ fontSize: 12 }} interval="preserveStartEnd" minTickGap={8} />
      <YAxis tick={{ fontSize: 12 }} width={48} />
      <Tooltip />
      {measures.length > 1 && <Legend />}
    </>
  );
  return (
    <ResponsiveContainer width="100%" height={260}>
      {type === 'bar' ? (
        <BarChart data={data}>
          {axes}
          {measures.map((measure, index) => (
            <Bar
              key={measure.id}
              dataKey={measure.alias}
              fill={colors[index % colors.length]}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      ) : type === 'line' ? (
        <LineChart data={data}>
          {axes}
          {measures.map((measure, index) => (
            <Line
              key={measure.id}
              dataKey={measure.alias}
              stroke={colors[index % colors.length]}
              strokeWidth={2}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      ) : type === 'area' ? (
        <AreaChart data={data}>
          {axes}
          {measures.map((measure, index) => (
            <Area
              key={measure.id}
              dataKey={measure.alias}
              stroke={colors[index % colors.length]}
              fill={colors[index % colors.length]}
              fillOpacity={0.2}
              isAnimationActive={false}
            />
          ))}
        </AreaChart>
      ) : (
        <PieChart>
          <Tooltip />
          <Legend />
          <Pie
            data={data}
            dataKey={measures[0]?.alias ?? ''}
            nameKey={dimension.alias}
            outerRadius="80%"
            isAnimationActive={false}
          >
            {data.map((row, index) => (
              <Cell key={String(row[dimension.alias])} fill={colors[index % colors.length]} />
            ))}
          </Pie>
        </PieChart>
      )}
    </ResponsiveContainer>
  );
}
