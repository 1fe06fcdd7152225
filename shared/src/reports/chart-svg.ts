import type { DatasetColumn } from '../api/datasets';
import { chartColors, formatCell } from './report-format';

// A report section's chart as an SVG picture, for mail (the engine renders it to PNG): the portal's Recharts
// chart drawn the same way — its colours, dashed grid, 12px ticks, a legend beside several series — with the
// section's title above it. Every text is escaped; nothing of the data reaches the markup unescaped.

export type DrawnChartType = 'bar' | 'line' | 'area' | 'pie';
export const drawnChartTypes: readonly string[] = ['bar', 'line', 'area', 'pie'] satisfies DrawnChartType[];

export interface ChartPicture {
  title: string;
  type: DrawnChartType;
  dimension: DatasetColumn;
  measures: DatasetColumn[];
  rows: Record<string, unknown>[];
  width?: number;
  height?: number;
}

const font = `font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif"`;
const escapeXml = (text: string) =>
  text.replace(/[<>&"']/g, (char) => `&#${char.charCodeAt(0)};`).replace(/\p{Cc}/gu, '');
const clip = (text: string, length: number) =>
  text.length > length ? `${text.slice(0, length - 1)}…` : text;
const numberOf = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

function text(x: number, y: number, content: string, attributes = ''): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${font} ${attributes}>${escapeXml(content)}</text>`;
}

// Round steps (1, 2, 5 × 10^n) from the lowest value (or 0) to the highest, about five of them.
function ticksOf(min: number, max: number): number[] {
  const low = Math.min(0, min);
  const high = max > low ? max : low + 1;
  const rough = (high - low) / 5;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 5, 10].find((factor) => factor * power >= rough) ?? 10) * power;
  const ticks: number[] = [];
  for (let tick = Math.floor(low / step) * step; tick < high + step; tick += step) {
    ticks.push(Number(tick.toPrecision(12)));
    if (tick >= high) break;
  }
  return ticks;
}

// Items in a row from `x`; those that would pass the picture's right edge are left out.
function legend(names: string[], x: number, y: number, width: number): string {
  let left = x;
  return names
    .map((name, index) => {
      const label = clip(name, 30);
      if (left + 18 + label.length * 7 > width) return '';
      const item = `<rect x="${left}" y="${y - 10}" width="12" height="12" fill="${chartColors[index % chartColors.length]}"/>${text(left + 18, y, label, 'font-size="12" fill="#404040"')}`;
      left += 30 + label.length * 7;
      return item;
    })
    .join('');
}

function cartesian(picture: ChartPicture, width: number, height: number, top: number): string {
  const { dimension, measures, rows } = picture;
  const hasLegend = measures.length > 1;
  const left = 56;
  const right = width - 16;
  const bottom = height - (hasLegend ? 52 : 28);
  const values = rows.flatMap((row) => measures.map((measure) => numberOf(row[measure.alias])));
  const ticks = ticksOf(Math.min(0, ...values), Math.max(0, ...values));
  const low = ticks[0] ?? 0;
  const high = ticks[ticks.length - 1] ?? 1;
  const yOf = (value: number) => bottom - ((value - low) / (high - low || 1)) * (bottom - top);
  const band = (right - left) / Math.max(rows.length, 1);
  const xOf = (index: number) => left + band * (index + 0.5);
  const parts: string[] = [];
  for (const tick of ticks) {
    const y = yOf(tick);
    parts.push(
      `<line x1="${left}" x2="${right}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" stroke="#e5e5e5" stroke-dasharray="3 3"/>`,
      text(
        left - 6,
        y + 4,
        formatCell(tick, measures[0] as DatasetColumn),
        'font-size="12" fill="#666" text-anchor="end"',
      ),
    );
  }
  parts.push(
    `<line x1="${left}" x2="${right}" y1="${bottom}" y2="${bottom}" stroke="#666"/>`,
    `<line x1="${left}" x2="${left}" y1="${top}" y2="${bottom}" stroke="#666"/>`,
  );
  // Labels that would overlap are skipped, keeping the first and the last (Recharts' preserveStartEnd).
  const labels = rows.map((row) => clip(formatCell(row[dimension.alias], dimension), 18));
  const widest = Math.max(...labels.map((label) => label.length * 7 + 8), 1);
  const every = Math.max(1, Math.ceil(widest / band));
  labels.forEach((label, index) => {
    if (index % every === 0 || index === labels.length - 1)
      parts.push(text(xOf(index), bottom + 18, label, 'font-size="12" fill="#666" text-anchor="middle"'));
  });
  measures.forEach((measure, series) => {
    const color = chartColors[series % chartColors.length];
    const points = rows.map((row, index) => [xOf(index), yOf(numberOf(row[measure.alias]))] as const);
    if (picture.type === 'bar') {
      const gap = band * 0.1;
      const barWidth = (band - gap * 2) / measures.length;
      rows.forEach((row, index) => {
        const value = numberOf(row[measure.alias]);
        const y = yOf(Math.max(value, 0));
        const barHeight = Math.abs(yOf(value) - yOf(0));
        const x = left + band * index + gap + barWidth * series;
        parts.push(
          `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${Math.max(barWidth - 1, 1).toFixed(1)}" height="${barHeight.toFixed(1)}" fill="${color}"/>`,
        );
      });
      return;
    }
    const path = points
      .map(([x, y], index) => `${index === 0 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`)
      .join('');
    if (picture.type === 'area' && points.length > 0) {
      const first = points[0] as readonly [number, number];
      const last = points[points.length - 1] as readonly [number, number];
      parts.push(
        `<path d="${path}L${last[0].toFixed(1)},${yOf(0).toFixed(1)}L${first[0].toFixed(1)},${yOf(0).toFixed(1)}Z" fill="${color}" fill-opacity="0.2"/>`,
      );
    }
    parts.push(`<path d="${path}" fill="none" stroke="${color}" stroke-width="2"/>`);
    if (picture.type === 'line')
      for (const [x, y] of points)
        parts.push(
          `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="3" fill="#fff" stroke="${color}" stroke-width="2"/>`,
        );
  });
  if (hasLegend)
    parts.push(
      legend(
        measures.map((measure) => measure.alias),
        left,
        height - 14,
        width,
      ),
    );
  return parts.join('');
}

function pie(picture: ChartPicture, width: number, height: number, top: number): string {
  const measure = picture.measures[0] as DatasetColumn;
  const slices = picture.rows.map((row) => Math.max(numberOf(row[measure.alias]), 0));
  const total = slices.reduce((sum, value) => sum + value, 0) || 1;
  const legendHeight = 28;
  const radius = Math.min(width, height - top - legendHeight) * 0.4;
  const cx = width / 2;
  const cy = top + (height - top - legendHeight) / 2;
  let angle = -Math.PI / 2;
  const parts = slices.map((value, index) => {
    const sweep = (value / total) * Math.PI * 2;
    const color = chartColors[index % chartColors.length];
    const start = [cx + radius * Math.cos(angle), cy + radius * Math.sin(angle)];
    angle += sweep;
    const end = [cx + radius * Math.cos(angle), cy + radius * Math.sin(angle)];
    if (sweep >= Math.PI * 2 - 1e-9) return `<circle cx="${cx}" cy="${cy}" r="${radius}" fill="${color}"/>`;
    return `<path d="M${cx},${cy}L${start[0]?.toFixed(1)},${start[1]?.toFixed(1)}A${radius},${radius} 0 ${sweep > Math.PI ? 1 : 0} 1 ${end[0]?.toFixed(1)},${end[1]?.toFixed(1)}Z" fill="${color}" stroke="#fff"/>`;
  });
  const names = picture.rows.map((row) => formatCell(row[picture.dimension.alias], picture.dimension));
  parts.push(legend(names, 16, height - 10, width));
  return parts.join('');
}

/** The chart as a standalone SVG document (white background, the title on top). */
export function renderChartSvg(picture: ChartPicture): string {
  const width = picture.width ?? 800;
  const height = picture.height ?? 400;
  const top = 48;
  const body =
    picture.type === 'pie' ? pie(picture, width, height, top) : cartesian(picture, width, height, top);
  const empty =
    picture.rows.length === 0
      ? text(width / 2, height / 2, 'No rows to show.', 'font-size="14" fill="#666" text-anchor="middle"')
      : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><rect width="100%" height="100%" fill="#fff"/>${text(16, 28, clip(picture.title, 80), 'font-size="18" font-weight="bold" fill="#171717"')}${empty || body}</svg>`;
}
