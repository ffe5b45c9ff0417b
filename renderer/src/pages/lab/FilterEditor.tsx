import { NumberInput } from '@mantine/core';
import { FILTER_PRESETS, type FilterPreset } from './presets';
import { Choice } from './controls';

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
      <Choice
        label="Filter"
        value={preset}
        options={[
          ...Object.keys(FILTER_PRESETS).map((k) => ({ value: k as FilterPreset, label: k })),
          { value: 'custom', label: 'custom 3×3' },
        ]}
        onChange={onPreset}
      />
      <div className="filter-grid" role="group" aria-label="Filter weights">
        {weights.map((w, i) => (
          <NumberInput
            key={i}
            size="xs"
            hideControls
            aria-label={`weight row ${Math.floor(i / 3) + 1} column ${(i % 3) + 1}`}
            value={w}
            onChange={(v) => {
              const next = [...weights];
              next[i] = Number(v) || 0;
              onCustom(next);
              onPreset('custom');
            }}
          />
        ))}
      </div>
    </div>
  );
}
