import { Button, Checkbox, NativeSelect, NumberInput } from '@mantine/core';
import type { StyleOptions, StylePreset } from '../../../../preload/contract';
import { DropZone } from '../../components/DropZone';
import { fileBytes } from '../../lib/files';

interface Props {
  options: StyleOptions;
  onChange: (o: StyleOptions) => void;
  disabled: boolean;
  /** The engine's presets: each sets size, iterations and schedule. */
  presets: Record<StylePreset, StyleOptions>;
}

function NumberField({
  label,
  value,
  step,
  min,
  disabled,
  onChange,
}: {
  label: string;
  value?: number;
  step: number;
  min?: number;
  disabled: boolean;
  onChange: (v: number) => void;
}) {
  return (
    <NumberInput
      size="xs"
      label={label}
      step={step}
      min={min}
      value={value ?? ''}
      disabled={disabled}
      decimalScale={6}
      onChange={(v) => typeof v === 'number' && onChange(v)}
    />
  );
}

export function OptionsForm({ options, onChange, disabled, presets }: Props) {
  const set = (patch: Partial<StyleOptions>): void => onChange({ ...options, ...patch });
  return (
    <div className="stack">
      <div className="row" role="group" aria-label="Presets">
        {(Object.keys(presets) as StylePreset[]).map((p) => (
          <Button key={p} size="xs" variant="default" disabled={disabled} onClick={() => set(presets[p])}>
            {p}
          </Button>
        ))}
      </div>
      <div className="options-grid">
        <NumberField label="Size (px)" value={options.size} step={32} min={64} disabled={disabled} onChange={(v) => set({ size: v })} />
        <NumberField
          label="Iterations"
          value={options.iterations}
          step={10}
          min={1}
          disabled={disabled}
          onChange={(v) => set({ iterations: v })}
        />
        <NumberField
          label="Content weight"
          value={options.contentWeight}
          step={0.5}
          min={0}
          disabled={disabled}
          onChange={(v) => set({ contentWeight: v })}
        />
        <NumberField
          label="Style weight"
          value={options.styleWeight}
          step={10}
          min={0}
          disabled={disabled}
          onChange={(v) => set({ styleWeight: v })}
        />
        <NumberField
          label="TV weight"
          value={options.tvWeight}
          step={0.001}
          min={0}
          disabled={disabled}
          onChange={(v) => set({ tvWeight: v })}
        />
        <NumberField
          label="Style scale"
          value={options.styleScale}
          step={0.1}
          min={0.1}
          disabled={disabled}
          onChange={(v) => set({ styleScale: v })}
        />
        <NumberField label="Seed" value={options.seed} step={1} min={0} disabled={disabled} onChange={(v) => set({ seed: v })} />
        <NumberField
          label="Preview every"
          value={options.previewEvery}
          step={1}
          min={1}
          disabled={disabled}
          onChange={(v) => set({ previewEvery: v })}
        />
        <NativeSelect
          size="xs"
          label="Optimizer"
          value={options.optimizer}
          disabled={disabled}
          onChange={(e) => set({ optimizer: e.currentTarget.value as StyleOptions['optimizer'] })}
          data={[
            { value: 'lbfgs', label: 'L-BFGS' },
            { value: 'adam', label: 'Adam' },
          ]}
        />
        <NativeSelect
          size="xs"
          label="Start from"
          value={options.init}
          disabled={disabled}
          onChange={(e) => set({ init: e.currentTarget.value as StyleOptions['init'] })}
          data={[
            { value: 'content', label: 'content' },
            { value: 'noise', label: 'noise' },
            { value: 'image', label: 'an image…' },
          ]}
        />
      </div>
      <Checkbox
        label="Keep original colours"
        checked={!!options.originalColors}
        disabled={disabled}
        onChange={(e) => set({ originalColors: e.currentTarget.checked })}
      />
      <Checkbox
        label="Coarse to fine"
        checked={!!options.coarseToFine}
        disabled={disabled}
        onChange={(e) => set({ coarseToFine: e.currentTarget.checked })}
      />
      {options.init === 'image' && (
        <DropZone
          label="Start image"
          accept="image/*"
          compact
          disabled={disabled}
          onFiles={async ([f]) => set({ initImage: await fileBytes(f!) })}
        >
          {options.initImage ? (
            <span className="ok">start image set ({Math.round(options.initImage.length / 1024)} KiB)</span>
          ) : (
            <span className="muted">none yet</span>
          )}
        </DropZone>
      )}
    </div>
  );
}
