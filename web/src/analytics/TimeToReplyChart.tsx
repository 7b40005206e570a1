/**
 * Time to reply for an Action Paths step: one bar per bucket ("up to N seconds"), drawn
 * as plain SVG, with the numbers also in a table for screen readers.
 */
import { formatSeconds } from '../lib/format';

export function TimeToReplyChart({
  buckets,
}: {
  buckets: Array<{ upToSeconds: number; count: number }>;
}) {
  if (buckets.length === 0) return <p className="hint">No replies yet.</p>;
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const barWidth = 36;
  const gap = 10;
  const height = 120;
  const width = buckets.length * (barWidth + gap);
  return (
    <figure className="chart" data-testid="time-to-reply">
      <svg
        viewBox={`0 -18 ${width} ${height + 54}`}
        role="img"
        aria-labelledby="ttr-title"
        className="chart-svg"
      >
        <title id="ttr-title">Time to reply</title>
        {buckets.map((b, i) => {
          const h = Math.round((b.count / max) * height);
          const x = i * (barWidth + gap);
          return (
            <g key={b.upToSeconds}>
              <rect x={x} y={height - h} width={barWidth} height={h} rx={3} className="chart-bar" />
              <text
                x={x + barWidth / 2}
                y={height - h - 4}
                textAnchor="middle"
                className="chart-value"
              >
                {b.count}
              </text>
              <text
                x={x + barWidth / 2}
                y={height + 16}
                textAnchor="middle"
                className="chart-label"
              >
                ≤{formatSeconds(b.upToSeconds)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="visually-hidden">
        <table>
          <tbody>
            {buckets.map((b) => (
              <tr key={b.upToSeconds}>
                <th scope="row">up to {formatSeconds(b.upToSeconds)}</th>
                <td>{b.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </figcaption>
    </figure>
  );
}
