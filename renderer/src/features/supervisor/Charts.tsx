import { niceMax, type Series } from './model.js';

/** Colours that stay apart on the dark and the light theme (and in grey print). */
const COLOURS = ['#4e9af1', '#f2a93b', '#3fbf7f', '#e5534b', '#a371f7'];
const W = 560;
const H = 220;
const PAD = { left: 44, right: 12, top: 12, bottom: 40 };

function Axis(props: { max: number; unit?: string }) {
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * props.max);
  const y = (v: number) => PAD.top + (H - PAD.top - PAD.bottom) * (1 - v / props.max);
  return (
    <g className="sv-axis">
      {ticks.map((v) => (
        <g key={v}>
          <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} />
          <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end">
            {Number.isInteger(v) ? v : Number(v.toFixed(2))}
            {props.unit ?? ''}
          </text>
        </g>
      ))}
    </g>
  );
}

function Legend(props: { series: readonly Series[] }) {
  return (
    <div className="sv-legend">
      {props.series.map((s, i) => (
        <span key={s.name}>
          <i style={{ background: COLOURS[i % COLOURS.length] }} />
          {s.name}
        </span>
      ))}
    </div>
  );
}

/** Grouped bars: one group per label, one bar per series; a missing value draws no bar. */
export function BarChart(props: { title: string; labels: readonly string[]; series: readonly Series[]; unit?: string; max?: number; testId?: string }) {
  const max = props.max ?? niceMax(props.series.flatMap((s) => s.values));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const groupW = plotW / Math.max(1, props.labels.length);
  const barW = Math.min(28, (groupW * 0.8) / Math.max(1, props.series.length));
  return (
    <figure className="sv-chart" data-testid={props.testId}>
      <figcaption>{props.title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={props.title}>
        <Axis max={max} unit={props.unit} />
        {props.labels.map((label, li) => {
          const x0 = PAD.left + li * groupW + (groupW - barW * props.series.length) / 2;
          return (
            <g key={label}>
              {props.series.map((s, si) => {
                const v = s.values[li];
                if (v === null || v === undefined) return null;
                const h = (plotH * Math.min(v, max)) / max;
                return (
                  <rect key={s.name} x={x0 + si * barW} y={PAD.top + plotH - h} width={barW - 2} height={h} fill={COLOURS[si % COLOURS.length]} data-value={v}>
                    <title>{`${label} · ${s.name}: ${v}${props.unit ?? ''}`}</title>
                  </rect>
                );
              })}
              <text className="sv-label" x={PAD.left + li * groupW + groupW / 2} y={H - PAD.bottom + 16} textAnchor="middle">
                {label.length > 10 ? `${label.slice(0, 9)}…` : label}
              </text>
            </g>
          );
        })}
      </svg>
      <Legend series={props.series} />
    </figure>
  );
}

/** Lines over periods; a gap where a period has no value. */
export function LineChart(props: { title: string; labels: readonly string[]; series: readonly Series[]; unit?: string; max?: number; testId?: string }) {
  const max = props.max ?? niceMax(props.series.flatMap((s) => s.values));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (props.labels.length <= 1 ? plotW / 2 : (plotW * i) / (props.labels.length - 1));
  const y = (v: number) => PAD.top + plotH * (1 - Math.min(v, max) / max);
  return (
    <figure className="sv-chart" data-testid={props.testId}>
      <figcaption>{props.title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={props.title}>
        <Axis max={max} unit={props.unit} />
        {props.series.map((s, si) => {
          const colour = COLOURS[si % COLOURS.length];
          let d = '';
          let pen = false;
          s.values.forEach((v, i) => {
            if (v === null) {
              pen = false;
              return;
            }
            d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)} `;
            pen = true;
          });
          return (
            <g key={s.name}>
              <path d={d} fill="none" stroke={colour} strokeWidth={2} />
              {s.values.map((v, i) =>
                v === null ? null : (
                  <circle key={i} cx={x(i)} cy={y(v)} r={3} fill={colour} data-value={v}>
                    <title>{`${props.labels[i]} · ${s.name}: ${v}${props.unit ?? ''}`}</title>
                  </circle>
                ),
              )}
            </g>
          );
        })}
        {props.labels.map((label, i) => (
          <text key={label} className="sv-label" x={x(i)} y={H - PAD.bottom + 16} textAnchor="middle">
            {label}
          </text>
        ))}
      </svg>
      <Legend series={props.series} />
    </figure>
  );
}
