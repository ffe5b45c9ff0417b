import { useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { useRequest } from '../../hooks/useRequest';
import { Panel } from '../../components/Panel';

type Box = [number, number, number, number];
const W = 320;
const H = 220;

/** Two boxes to drag (mouse, or arrow keys when focused; Shift+arrows resize); the engine computes IoU. */
export function IouCalculator() {
  const [boxes, setBoxes] = useState<[Box, Box]>([
    [40, 40, 160, 140],
    [100, 80, 220, 180],
  ]);
  const drag = useRef<{ which: 0 | 1; x: number; y: number } | undefined>(undefined);
  const svg = useRef<SVGSVGElement>(null);
  const res = useRequest('vw:lab.iou', { a: boxes[0], b: boxes[1] });
  const r = res.data;

  const move = (which: 0 | 1, dx: number, dy: number, resize = false): void =>
    setBoxes((prev) => {
      const next: [Box, Box] = [[...prev[0]], [...prev[1]]];
      const b = next[which];
      if (resize) {
        b[2] = Math.max(b[0] + 4, Math.min(W, b[2] + dx));
        b[3] = Math.max(b[1] + 4, Math.min(H, b[3] + dy));
      } else {
        const cx = Math.max(-b[0], Math.min(W - b[2], dx));
        const cy = Math.max(-b[1], Math.min(H - b[3], dy));
        b[0] += cx;
        b[2] += cx;
        b[1] += cy;
        b[3] += cy;
      }
      return next;
    });
  const toSvg = (e: PointerEvent): { x: number; y: number } => {
    const rect = svg.current!.getBoundingClientRect();
    return { x: ((e.clientX - rect.left) / rect.width) * W, y: ((e.clientY - rect.top) / rect.height) * H };
  };
  const onKey = (which: 0 | 1) => (e: KeyboardEvent) => {
    const d = { ArrowLeft: [-5, 0], ArrowRight: [5, 0], ArrowUp: [0, -5], ArrowDown: [0, 5] }[e.key];
    if (!d) return;
    e.preventDefault();
    move(which, d[0]!, d[1]!, e.shiftKey);
  };

  return (
    <Panel title="IoU calculator" testId="iou-calculator">
      <svg
        ref={svg}
        viewBox={`0 0 ${W} ${H}`}
        width={W}
        height={H}
        role="group"
        aria-label="Two boxes: drag them, or focus one and use the arrow keys (Shift resizes)"
        style={{ border: '1px solid #ccc', touchAction: 'none' }}
        onPointerMove={(e) => {
          if (!drag.current) return;
          const p = toSvg(e);
          move(drag.current.which, Math.round(p.x - drag.current.x), Math.round(p.y - drag.current.y));
          drag.current = { ...drag.current, x: p.x, y: p.y };
        }}
        onPointerUp={() => (drag.current = undefined)}
        onPointerLeave={() => (drag.current = undefined)}
      >
        {boxes.map((b, i) => (
          <rect
            key={i}
            x={b[0]}
            y={b[1]}
            width={b[2] - b[0]}
            height={b[3] - b[1]}
            fill={i === 0 ? 'rgba(28,126,214,0.25)' : 'rgba(232,89,12,0.25)'}
            stroke={i === 0 ? '#1c7ed6' : '#e8590c'}
            strokeWidth={2}
            tabIndex={0}
            role="button"
            aria-label={`Box ${i === 0 ? 'A' : 'B'} [${b.join(', ')}]`}
            style={{ cursor: 'move' }}
            onKeyDown={onKey(i as 0 | 1)}
            onPointerDown={(e) => {
              const p = toSvg(e);
              drag.current = { which: i as 0 | 1, x: p.x, y: p.y };
            }}
          />
        ))}
      </svg>
      <p className="muted">
        A = [<span data-testid="iou-box-a">{boxes[0].join(', ')}</span>], B = [<span data-testid="iou-box-b">{boxes[1].join(', ')}</span>]
      </p>
      {r && (
        <p>
          IoU = {r.intersection} / {r.union} = <strong data-testid="iou-value">{r.iou.toFixed(4)}</strong> →{' '}
          <strong data-testid="iou-verdict">{r.correct ? 'correct' : 'not correct'}</strong> (the notes count IoU ≥ 0.5 as correct)
        </p>
      )}
    </Panel>
  );
}
