import { clock, type TimelineRow } from './timeline';

interface Props {
  rows: readonly TimelineRow[];
  duration: number;
  /** Current playback time, drawn as a cursor. */
  time: number;
  onSeek: (seconds: number) => void;
}

/**
 * Who appears when: one row per person or class, one bar per segment; a bar
 * is a button that seeks the player to the segment's start.
 */
export function Timeline({ rows, duration, time, onSeek }: Props) {
  const pct = (t: number) => `${(100 * Math.min(Math.max(t / Math.max(duration, 1e-6), 0), 1)).toFixed(3)}%`;
  if (rows.length === 0) return null;
  return (
    <div className="video-timeline" role="group" aria-label="Video timeline" data-testid="video-timeline">
      {rows.map((r) => (
        <div className="video-timeline-row" key={`${r.kind}:${r.name}`} data-name={r.name} data-kind={r.kind}>
          <span className="video-timeline-name">{r.name}</span>
          <div className="video-timeline-track" style={{ position: 'relative', height: 18, background: 'rgba(127,127,127,0.15)' }}>
            {r.segments.map((s) => (
              <button
                type="button"
                key={s.start}
                className="video-timeline-bar"
                aria-label={`${r.name} ${clock(s.start)} to ${clock(s.end)}`}
                title={`${r.name} ${clock(s.start)}–${clock(s.end)} (best ${s.best.toFixed(2)})`}
                onClick={() => onSeek(s.start)}
                style={{
                  position: 'absolute',
                  left: pct(s.start),
                  width: `max(4px, calc(${pct(s.end)} - ${pct(s.start)}))`,
                  top: 2,
                  bottom: 2,
                  padding: 0,
                  border: 0,
                  background: r.kind === 'face' ? (r.name === 'unknown' ? '#c62828' : '#2e7d32') : '#4363d8',
                  cursor: 'pointer',
                }}
              />
            ))}
            <div aria-hidden="true" style={{ position: 'absolute', left: pct(time), top: 0, bottom: 0, width: 2, background: '#f58231' }} />
          </div>
        </div>
      ))}
    </div>
  );
}
