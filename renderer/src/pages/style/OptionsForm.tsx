import type { StyleOptions } from '../../../../preload/contract';
import { DropZone } from '../../components/DropZone';
import { fileBytes } from '../../lib/files';
import { STYLE_PRESETS } from './presets';

interface Props {
  options: StyleOptions;
  onChange: (o: StyleOptions) => void;
  disabled: boolean;
}

function NumberField({
  label,
  value,
  step,
  min,
  onChange,
}: {
  label: string;
  value?: number;
  step: number;
  min?: number;
  onChange: (v: number) => void;
}) {
  return (
    <label>
      {label}{' '}
      <input
        type="number"
        step={step}
        min={min}
        value={value ?? ''}
        onChange={(e) => e.target.value !== '' && onChange(Number(e.target.value))}
      />
    </label>
  );
}

export function OptionsForm({ options, onChange, disabled }: Props) {
  const set = (patch: Partial<StyleOptions>): void => onChange({ ...options, ...patch });
  return (
    <fieldset disabled={disabled} className="options">
      <legend>Options</legend>
      <div className="row" role="group" aria-label="Presets">
        {(Object.keys(STYLE_PRESETS) as (keyof typeof STYLE_PRESETS)[]).map((p) => (
          <button key={p} type="button" onClick={() => set(STYLE_PRESETS[p])}>
            {p}
          </button>
        ))}
      </div>
      <div className="options-grid">
        <NumberField label="size (px)" value={options.size} step={32} min={64} onChange={(v) => set({ size: v })} />
        <NumberField label="iterations" value={options.iterations} step={10} min={1} onChange={(v) => set({ iterations: v })} />
        <NumberField label="content weight" value={options.contentWeight} step={0.5} min={0} onChange={(v) => set({ contentWeight: v })} />
        <NumberField label="style weight" value={options.styleWeight} step={10} min={0} onChange={(v) => set({ styleWeight: v })} />
        <NumberField label="TV weight" value={options.tvWeight} step={0.001} min={0} onChange={(v) => set({ tvWeight: v })} />
        <NumberField label="style scale" value={options.styleScale} step={0.1} min={0.1} onChange={(v) => set({ styleScale: v })} />
        <NumberField label="seed" value={options.seed} step={1} min={0} onChange={(v) => set({ seed: v })} />
        <NumberField label="preview every" value={options.previewEvery} step={1} min={1} onChange={(v) => set({ previewEvery: v })} />
        <label>
          optimizer{' '}
          <select value={options.optimizer} onChange={(e) => set({ optimizer: e.target.value as StyleOptions['optimizer'] })}>
            <option value="lbfgs">L-BFGS</option>
            <option value="adam">Adam</option>
          </select>
        </label>
        <label>
          init{' '}
          <select value={options.init} onChange={(e) => set({ init: e.target.value as StyleOptions['init'] })}>
            <option value="content">content</option>
            <option value="noise">noise</option>
            <option value="image">an image…</option>
          </select>
        </label>
        <label>
          <input type="checkbox" checked={!!options.originalColors} onChange={(e) => set({ originalColors: e.target.checked })} /> keep
          original colors
        </label>
        <label>
          <input type="checkbox" checked={!!options.coarseToFine} onChange={(e) => set({ coarseToFine: e.target.checked })} /> coarse to
          fine
        </label>
      </div>
      {options.init === 'image' && (
        <DropZone label="Start image" accept="image/*" disabled={disabled} onFiles={async ([f]) => set({ initImage: await fileBytes(f!) })}>
          {options.initImage ? (
            <span className="ok">start image set ({Math.round(options.initImage.length / 1024)} KiB)</span>
          ) : (
            <span className="muted">none yet</span>
          )}
        </DropZone>
      )}
    </fieldset>
  );
}
