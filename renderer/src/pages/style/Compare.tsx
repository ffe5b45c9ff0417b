import { useState } from 'react';

/** Before/after: the result over the content image, revealed up to a slider. */
export function Compare({ before, after }: { before: string; after: string }) {
  const [split, setSplit] = useState(50);
  return (
    <div className="compare">
      <div className="compare-stage">
        <img src={before} alt="Content image (before)" />
        <img src={after} alt="Stylized result (after)" className="compare-after" style={{ clipPath: `inset(0 ${100 - split}% 0 0)` }} />
      </div>
      <label>
        before ↔ after{' '}
        <input type="range" min={0} max={100} value={split} onChange={(e) => setSplit(+e.target.value)} aria-label="Before/after split" />
      </label>
    </div>
  );
}
