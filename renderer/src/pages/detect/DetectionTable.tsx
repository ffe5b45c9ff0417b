import { useState } from 'react';
import { IconArrowsSort, IconSortAscending, IconSortDescending } from '@tabler/icons-react';
import type { Detection } from '../../../../preload/contract';

type Key = 'label' | 'score' | 'box' | 'track';

const value = (d: Detection, k: Key): string | number =>
  k === 'label' ? d.label : k === 'score' ? d.score : k === 'box' ? (d.box[2] - d.box[0]) * (d.box[3] - d.box[1]) : (d.trackId ?? -1);

/** Every box of the current image; click a column to sort (box sorts by area). */
export function DetectionTable({ detections, onHover }: { detections: Detection[]; onHover?: (i: number | undefined) => void }) {
  const [sort, setSort] = useState<{ key: Key; desc: boolean }>({ key: 'score', desc: true });
  const rows = detections
    .map((d, i) => ({ d, i }))
    .sort((a, b) => {
      const va = value(a.d, sort.key);
      const vb = value(b.d, sort.key);
      const c = typeof va === 'string' ? va.localeCompare(vb as string) : va - (vb as number);
      return sort.desc ? -c : c;
    });
  const head = (key: Key, title: string) => {
    const active = sort.key === key;
    const Icon = !active ? IconArrowsSort : sort.desc ? IconSortDescending : IconSortAscending;
    return (
      <th aria-sort={active ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
        <button type="button" className="sort" onClick={() => setSort({ key, desc: active ? !sort.desc : key !== 'label' })}>
          {title} <Icon size={14} aria-hidden="true" />
        </button>
      </th>
    );
  };
  return (
    <div className="table-wrap tall">
      <table className="data" aria-label="Detections" data-testid="detections-table">
        <thead>
          <tr>
            {head('label', 'Label')}
            {head('score', 'Score')}
            {head('box', 'Box x1, y1, x2, y2')}
            {head('track', 'Track')}
          </tr>
        </thead>
        <tbody>
          {rows.map(({ d, i }) => (
            <tr key={i} data-label={d.label} onMouseEnter={() => onHover?.(i)} onMouseLeave={() => onHover?.(undefined)}>
              <td>{d.label}</td>
              <td className="num">{d.score.toFixed(2)}</td>
              <td className="num">{d.box.map((v) => Math.round(v)).join(', ')}</td>
              <td className="num">{d.trackId ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {detections.length === 0 && <p className="muted">No boxes above the confidence threshold in this image.</p>}
    </div>
  );
}
