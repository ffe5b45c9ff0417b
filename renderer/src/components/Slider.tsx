import { Slider as MSlider, Text } from '@mantine/core';

/**
 * A labelled slider showing its value: "Confidence 0.25 ──●──".
 * Arrow keys step it; `onCommit` fires when the pointer or key is released,
 * for settings that are saved rather than live.
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
  disabled?: boolean;
}) {
  const { label, value, min, max, step, digits, ariaLabel, onChange, onCommit, disabled } = props;
  return (
    <div className="slider-field">
      <div className="slider-head">
        <Text size="sm" fw={500} component="span">
          {label}
        </Text>
        <Text size="sm" c="dimmed" component="span" className="slider-value">
          {value.toFixed(digits)}
        </Text>
      </div>
      <MSlider
        value={value}
        min={min}
        max={max}
        step={step}
        label={null}
        disabled={disabled}
        thumbLabel={ariaLabel}
        onChange={onChange}
        onChangeEnd={onCommit}
        size="sm"
      />
    </div>
  );
}
