// Simple bar charts drawn on the server as SVG: the geometry is computed here and the template draws it
// (so every label passes through the template's escaping). Each chart also has its figures as a table.

export interface Series {
  key: string;
  label: string;
}

export interface Row {
  label: string;
  values: number[];
}

export interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
  value: number;
  series: number;
}

export interface HorizontalChart {
  width: number;
  height: number;
  labelWidth: number;
  series: Series[];
  /** `label` fits the label column (shortened with an ellipsis when it would not); `full` is as given. */
  rows: { label: string; full: string; y: number; bars: Bar[] }[];
  /** Where value labels go: just past the end of each bar. */
  max: number;
}

const BAR = 18;
/** A generous average advance of the labels' 12px sans-serif glyphs (wide capitals and Vietnamese marks). */
const CHAR_WIDTH = 7.2;

/**
 * A label that fits `width` pixels, drawn right-aligned against the bars: cut at a word where it can,
 * with an ellipsis, so a long agency name never starts outside the SVG ("Da Nang Department…").
 */
export function fitLabel(label: string, width: number): string {
  const max = Math.max(4, Math.floor(width / CHAR_WIDTH));
  if (label.length <= max) return label;
  const cut = label.slice(0, max - 1);
  const atWord = cut.lastIndexOf(' ');
  return `${(atWord > max / 2 ? cut.slice(0, atWord) : cut).trimEnd()}…`;
}
const GAP = 4;
const ROW_GAP = 12;

/** Rows of one or more bars each, drawn left to right from a label column. */
export function horizontalBars(
  series: Series[],
  rows: Row[],
  opts: { width?: number; labelWidth?: number } = {},
): HorizontalChart {
  const width = opts.width ?? 640;
  const labelWidth = opts.labelWidth ?? 200;
  const plot = width - labelWidth - 60;
  const max = Math.max(1, ...rows.flatMap((r) => r.values));
  const rowHeight = series.length * (BAR + GAP) - GAP;
  let y = 8;
  const laid = rows.map((row) => {
    const top = y;
    y += rowHeight + ROW_GAP;
    return {
      label: fitLabel(row.label, labelWidth - 16),
      full: row.label,
      y: top + rowHeight / 2,
      bars: row.values.map((value, i) => ({
        x: labelWidth,
        y: top + i * (BAR + GAP),
        width: Math.max(value > 0 ? 2 : 0, Math.round((value / max) * plot)),
        height: BAR,
        value,
        series: i,
      })),
    };
  });
  return { width, height: Math.max(y, 40), labelWidth, series, rows: laid, max };
}

export interface ColumnChart {
  width: number;
  height: number;
  baseline: number;
  series: Series[];
  columns: { label: string; x: number; bars: Bar[] }[];
}

/** Groups of vertical bars along a time axis (months). */
export function columns(series: Series[], rows: Row[], opts: { height?: number } = {}): ColumnChart {
  const height = opts.height ?? 220;
  const baseline = height - 40;
  const plot = baseline - 24;
  const groupWidth = series.length * (BAR + 2) + 14;
  const max = Math.max(1, ...rows.flatMap((r) => r.values));
  const laid = rows.map((row, i) => {
    const x = 16 + i * groupWidth;
    return {
      label: row.label,
      x: x + (groupWidth - 14) / 2,
      bars: row.values.map((value, s) => {
        const h = Math.max(value > 0 ? 2 : 0, Math.round((value / max) * plot));
        return { x: x + s * (BAR + 2), y: baseline - h, width: BAR, height: h, value, series: s };
      }),
    };
  });
  return { width: Math.max(320, 32 + rows.length * groupWidth), height, baseline, series, columns: laid };
}
