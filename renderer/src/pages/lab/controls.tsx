import type { ReactNode } from 'react';
import { Group, NativeSelect, NumberInput, Text } from '@mantine/core';
import { Panel } from '../../components/Panel';

/**
 * A labelled whole number for the lessons (Mantine NumberInput): a typed value
 * is truncated and kept in [min, max]; an empty field leaves the value as it was.
 *
 * @example <Num label="Stride s" value={stride} min={1} max={16} onChange={setStride} />
 */
export function Num(props: { label: string; value: number; min: number; max: number; onChange: (value: number) => void; w?: number }) {
  const { label, value, min, max, onChange, w = 110 } = props;
  return (
    <NumberInput
      label={label}
      value={value}
      min={min}
      max={max}
      allowDecimal={false}
      w={w}
      size="xs"
      onChange={(v) => {
        if (typeof v === 'number' && Number.isFinite(v)) onChange(Math.min(max, Math.max(min, Math.trunc(v))));
      }}
    />
  );
}

/** A labelled choice among a few values (a native select: keyboard and tests as usual). */
export function Choice<T extends string>(props: {
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
  w?: number;
}) {
  const { label, value, options, onChange, w = 180 } = props;
  return (
    <NativeSelect
      label={label}
      value={value}
      size="xs"
      w={w}
      data={options.map((o) => ({ value: o.value, label: o.label }))}
      onChange={(e) => onChange(e.currentTarget.value as T)}
    />
  );
}

/** A labelled decimal in [min, max] (τ, p_c, IoU thresholds). */
export function Dec(props: {
  label: string;
  value: number | undefined;
  min: number;
  max: number;
  step: number;
  onChange: (value: number) => void;
}) {
  const { label, value, min, max, step, onChange } = props;
  return (
    <NumberInput
      label={label}
      value={value ?? ''}
      min={min}
      max={max}
      step={step}
      decimalScale={3}
      w={120}
      size="xs"
      onChange={(v) => {
        if (typeof v === 'number' && Number.isFinite(v)) onChange(Math.min(max, Math.max(min, v)));
      }}
    />
  );
}

/**
 * The sizes of a calculator lesson (1×1 convolutions, large images): one whole
 * number per field of `values`, in a titled panel, with the engine's error below.
 *
 * @example <SizesPanel title="Large images" values={s} onChange={set} fields={[['height', 'image n_H', 8192]]} />
 */
export function SizesPanel<K extends string>(props: {
  title: string;
  icon: ReactNode;
  values: Record<K, number>;
  onChange: (next: Record<K, number>) => void;
  fields: readonly (readonly [key: K, label: string, max: number])[];
  error?: { message: string };
}) {
  const { title, icon, values, onChange, fields, error } = props;
  return (
    <Panel title={title} icon={icon}>
      <Group gap="sm" align="flex-end">
        {fields.map(([k, label, max]) => (
          <Num key={k} label={label} value={values[k]} min={1} max={max} onChange={(v) => onChange({ ...values, [k]: v })} />
        ))}
      </Group>
      {error && (
        <Text size="sm" c="red" mt="xs">
          {error.message}
        </Text>
      )}
    </Panel>
  );
}
