import { NativeSelect, NumberInput } from '@mantine/core';

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
