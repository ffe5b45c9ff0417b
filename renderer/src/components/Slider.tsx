/**
 * A labelled range input showing its value: "confidence 0.25 [====|----]".
 * Arrow keys step it (native range behaviour); `onCommit` fires when the
 * pointer or key is released, for settings that are saved rather than live.
 *
 * @example <Slider label="IoU" value={iou} min={0.1} max={0.9} step={0.05} digits={2} onChange={setIou} ariaLabel="IoU threshold" />
 */
export function Slider(props: {
  label: string;
  value: number;
  min: number;
  max: number;
  step: number;
  /** Decimals shown beside the label. */
  digits: number;
  ariaLabel: string;
  onChange: (value: number) => void;
  onCommit?: (value: number) => void;
}) {
  const { label, value, min, max, step, digits, ariaLabel, onChange, onCommit } = props;
  return (
    <label>
      {label} {value.toFixed(digits)}{' '}
      <input
        type="range"
        min={min}
        max={max}
        step={step}
        value={value}
        aria-label={ariaLabel}
        onChange={(e) => onChange(+e.target.value)}
        onPointerUp={onCommit && (() => onCommit(value))}
        onKeyUp={onCommit && (() => onCommit(value))}
      />
    </label>
  );
}
