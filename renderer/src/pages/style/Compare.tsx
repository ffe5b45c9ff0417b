import { useState } from 'react';
import { Slider } from '../../components/Slider';

/** Before/after at the result's full resolution: the result over the content image, revealed up to a slider. */
export function Compare({ before, after }: { before: string; after: string }) {
  const [split, setSplit] = useState(50);
  return (
    <div className="compare">
      <div className="compare-stage">
        <img src={before} alt="Content image (before)" />
        <img src={after} alt="Stylized result (after)" className="compare-after" style={{ clipPath: `inset(0 ${100 - split}% 0 0)` }} />
      </div>
      <Slider
        label="Before ↔ after"
        value={split}
        min={0}
        max={100}
        step={1}
        digits={0}
        onChange={setSplit}
        ariaLabel="Before/after split"
      />
    </div>
  );
}
