/**
 * A labelled whole-number input: typed values are truncated and kept ≥ `min`.
 *
 * @example <IntField label="Stride s" value={stride} min={1} max={16} onChange={setStride} />
 */
export function IntField(props: { label: string; value: number; min: number; max: number; onChange: (value: number) => void }) {
  const { label, value, min, max, onChange } = props;
  return (
    <label>
      {label}{' '}
      <input type="number" min={min} max={max} value={value} onChange={(e) => onChange(Math.max(min, Math.trunc(+e.target.value)))} />
    </label>
  );
}
