/**
 * Contacts per segment as horizontal bars: inline SVG with a fixed viewBox
 * and aspect ratio, so the server-rendered chart takes its final size at once
 * (no layout shift). Screen readers get the title and a description with
 * every number; the page also shows the same numbers in a table.
 */
import { useId } from "react";

export interface Bar {
  label: string;
  value: number;
  color: string;
}

const WIDTH = 640;
const ROW = 30;
const LABEL_WIDTH = 170;
const VALUE_WIDTH = 80;

export function SegmentBarChart({
  bars,
  title,
  description,
}: {
  bars: Bar[];
  title: string;
  description: string;
}) {
  const id = useId();
  const height = bars.length * ROW + 8;
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${height}`}
      width="100%"
      style={{ display: "block", maxWidth: `${WIDTH}px`, aspectRatio: `${WIDTH} / ${height}` }}
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      {bars.map((bar, index) => {
        const y = index * ROW + 4;
        const length = bar.value === 0 ? 0 : Math.max(2, (bar.value / max) * plot);
        return (
          <g key={bar.label}>
            <text x={LABEL_WIDTH - 10} y={y + ROW / 2 + 4} textAnchor="end" fontSize="13" fill="#303030">
              {bar.label}
            </text>
            <rect x={LABEL_WIDTH} y={y + 5} width={length} height={ROW - 10} rx="3" fill={bar.color} />
            <text x={LABEL_WIDTH + length + 8} y={y + ROW / 2 + 4} fontSize="13" fill="#303030">
              {bar.value.toLocaleString("en")}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
