import { memo } from 'react';
import type { AngleSample } from '@/pose/pose-sequence';

// A joint angle over time as plain SVG: a line through the frames where the angle is known
// (gaps where it is not), the playhead, and a click that seeks to the time under the pointer.

const W = 320;
const H = 120;
const PAD_L = 30;
const PAD_R = 6;
const PAD_T = 8;
const PAD_B = 18;

export interface AngleChartProps {
  samples: readonly AngleSample[];
  /** Seconds: the x axis spans 0..duration. */
  duration: number;
  playhead: number;
  colour: string;
  label: string;
  onSeek: (time: number) => void;
}

/** Chart x (0..W) of a time, and back. */
function xOf(t: number, duration: number): number {
  return PAD_L + (Math.min(Math.max(t, 0), duration) / Math.max(duration, 1e-6)) * (W - PAD_L - PAD_R);
}
function yOf(deg: number): number {
  return PAD_T + (1 - deg / 180) * (H - PAD_T - PAD_B);
}

/** Polyline runs of consecutive known samples. */
export function angleRuns(samples: readonly AngleSample[], duration: number): string[] {
  const runs: string[] = [];
  let run: string[] = [];
  for (const s of samples) {
    if (s.degrees === undefined) {
      if (run.length) runs.push(run.join(' '));
      run = [];
      continue;
    }
    run.push(`${xOf(s.time, duration).toFixed(1)},${yOf(s.degrees).toFixed(1)}`);
  }
  if (run.length) runs.push(run.join(' '));
  return runs;
}

export const AngleChart = memo(function AngleChart({
  samples,
  duration,
  playhead,
  colour,
  label,
  onSeek,
}: AngleChartProps) {
  const runs = angleRuns(samples, duration);
  const px = xOf(playhead, duration);
  return (
    <svg
      className="angle-chart"
      data-testid="angle-chart"
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={label}
      onClick={(e) => {
        const r = e.currentTarget.getBoundingClientRect();
        const x = ((e.clientX - r.left) / Math.max(1, r.width)) * W;
        const t = ((x - PAD_L) / (W - PAD_L - PAD_R)) * duration;
        onSeek(Math.min(Math.max(0, t), duration));
      }}
    >
      {[0, 90, 180].map((d) => (
        <g key={d}>
          <line x1={PAD_L} x2={W - PAD_R} y1={yOf(d)} y2={yOf(d)} className="angle-grid" />
          <text x={PAD_L - 4} y={yOf(d) + 4} textAnchor="end" className="angle-tick">
            {d}°
          </text>
        </g>
      ))}
      <text x={PAD_L} y={H - 4} className="angle-tick">
        0 s
      </text>
      <text x={W - PAD_R} y={H - 4} textAnchor="end" className="angle-tick">
        {duration.toFixed(1)} s
      </text>
      {runs.map((points, i) =>
        points.includes(' ') ? (
          <polyline key={i} points={points} fill="none" stroke={colour} strokeWidth={2} />
        ) : (
          <circle key={i} cx={points.split(',')[0]} cy={points.split(',')[1]} r={2} fill={colour} />
        ),
      )}
      <line
        x1={px}
        x2={px}
        y1={PAD_T}
        y2={H - PAD_B}
        className="angle-playhead"
        data-testid="angle-playhead"
        data-time={playhead.toFixed(3)}
      />
    </svg>
  );
});
