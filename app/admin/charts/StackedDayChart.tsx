/**
 * Counts per day stacked by series (opt-ins per source): inline SVG with a
 * fixed viewBox and aspect ratio (no layout shift), a title and a text
 * description for screen readers, and an HTML legend.
 */
import { useId } from "react";

export interface Series {
  key: string;
  label: string;
  color: string;
}

export interface Day {
  day: string;
  counts: Partial<Record<string, number>>;
}

const WIDTH = 640;
const HEIGHT = 200;
const LEFT = 40;
const BOTTOM = 24;
const TOP = 10;

export function StackedDayChart({
  days,
  series,
  title,
  description,
  legendLabel,
}: {
  days: Day[];
  series: Series[];
  title: string;
  description: string;
  legendLabel: string;
}) {
  const id = useId();
  const totals = days.map((day) => series.reduce((sum, one) => sum + (day.counts[one.key] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const slot = (WIDTH - LEFT) / Math.max(1, days.length);
  const used = series.filter((one) => days.some((day) => (day.counts[one.key] ?? 0) > 0));
  return (
    <div>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        style={{ display: "block", maxWidth: `${WIDTH}px`, aspectRatio: `${WIDTH} / ${HEIGHT}` }}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        <g>
          <line x1={LEFT} x2={WIDTH} y1={TOP + plotHeight} y2={TOP + plotHeight} stroke="#8a8a8a" />
          <text x={LEFT - 6} y={TOP + 4} textAnchor="end" fontSize="11" fill="#303030">
            {max.toLocaleString("en")}
          </text>
          <text x={LEFT - 6} y={TOP + plotHeight} textAnchor="end" fontSize="11" fill="#303030">
            0
          </text>
          {days.map((day, index) => {
            let y = TOP + plotHeight;
            const x = LEFT + index * slot + slot * 0.15;
            return (
              <g key={day.day}>
                {series.map((one) => {
                  const value = day.counts[one.key] ?? 0;
                  if (value === 0) return null;
                  const height = (value / max) * plotHeight;
                  y -= height;
                  return (
                    <rect key={one.key} x={x} y={y} width={slot * 0.7} height={height} fill={one.color} />
                  );
                })}
                {(days.length - 1 - index) % 7 === 0 ? (
                  // The last day's label ends at its bar, so it stays inside the chart.
                  <text
                    x={index === days.length - 1 ? x + slot * 0.7 : x + slot * 0.35}
                    y={HEIGHT - 6}
                    textAnchor={index === days.length - 1 ? "end" : "middle"}
                    fontSize="11"
                    fill="#303030"
                  >
                    {dayLabel(day.day)}
                  </text>
                ) : null}
              </g>
            );
          })}
        </g>
      </svg>
      {used.length > 0 && (
        <ul
          aria-label={legendLabel}
          style={{
            display: "flex",
            flexWrap: "wrap",
            gap: "12px",
            listStyle: "none",
            padding: 0,
            margin: "8px 0 0",
          }}
        >
          {used.map((one) => (
            <li key={one.key} style={{ display: "flex", alignItems: "center", gap: "6px", fontSize: "13px" }}>
              <span
                aria-hidden="true"
                style={{
                  width: 12,
                  height: 12,
                  borderRadius: 2,
                  background: one.color,
                  display: "inline-block",
                }}
              />
              {one.label}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** "2026-12-03" as "3 Dec" (UTC, the same on the server and in the browser). */
function dayLabel(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString("en-GB", {
    timeZone: "UTC",
    day: "numeric",
    month: "short",
  });
}
