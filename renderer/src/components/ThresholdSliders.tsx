import { Slider } from './Slider';

/** The detector's two thresholds, the same on every page that runs detection (Detect, Live). */
export function ThresholdSliders({
  conf,
  iou,
  onConf,
  onIou,
}: {
  conf: number;
  iou: number;
  onConf: (v: number) => void;
  onIou: (v: number) => void;
}) {
  return (
    <>
      <Slider
        label="Confidence"
        value={conf}
        min={0.05}
        max={0.95}
        step={0.05}
        digits={2}
        ariaLabel="Confidence threshold"
        onChange={onConf}
      />
      <Slider label="IoU (NMS)" value={iou} min={0.1} max={0.9} step={0.05} digits={2} ariaLabel="IoU threshold" onChange={onIou} />
    </>
  );
}
