import { FILTER_PRESETS, type FilterPreset } from './presets';

interface Props {
  preset: FilterPreset;
  onPreset: (p: FilterPreset) => void;
  weights: number[];
  onCustom: (w: number[]) => void;
}

/** Filter picker with its 3×3 weights; editing a weight switches to "custom". */
export function FilterEditor({ preset, onPreset, weights, onCustom }: Props) {
  return (
    <div>
      <label>
        Filter{' '}
        <select aria-label="Filter" value={preset} onChange={(e) => onPreset(e.target.value as FilterPreset)}>
          {Object.keys(FILTER_PRESETS).map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
          <option value="custom">custom 3×3</option>
        </select>
      </label>
      <div className="filter-grid" role="group" aria-label="Filter weights">
        {weights.map((w, i) => (
          <input
            key={i}
            type="number"
            aria-label={`weight row ${Math.floor(i / 3) + 1} column ${(i % 3) + 1}`}
            value={w}
            onChange={(e) => {
              const next = [...weights];
              next[i] = Number(e.target.value) || 0;
              onCustom(next);
              onPreset('custom');
            }}
          />
        ))}
      </div>
    </div>
  );
}
