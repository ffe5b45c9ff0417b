import { useState } from 'react';
import { IconPhotoScan } from '@tabler/icons-react';
import { Panel } from '../../components/Panel';
import { SizesPanel } from './controls';
import { useRequest } from '../../hooks/useRequest';
import { fmt } from './format';

/** Why large images need convolutions: a dense layer's weights grow with the image, a conv layer's do not. */
export function LargeImageLesson() {
  const [s, set] = useState({ height: 1000, width: 1000, channels: 3, units: 1000, f: 3, filters: 1000 });
  const res = useRequest('vw:lab.largeImage', s);
  const r = res.data;
  return (
    <div className="stack">
      <SizesPanel
        title="Large images"
        icon={<IconPhotoScan size={18} />}
        values={s}
        onChange={set}
        fields={[
          ['height', 'image n_H', 8192],
          ['width', 'image n_W', 8192],
          ['channels', 'image n_C', 100000],
          ['units', 'dense units', 100000],
          ['f', 'conv f', 31],
          ['filters', 'conv filters', 100000],
        ]}
        error={res.error}
      />
      {r && (
        <Panel title="Parameters" testId="large-image">
          <p>
            Input: {s.height}×{s.width}×{s.channels} = <strong data-testid="inputs">{fmt(r.inputs)}</strong> values
          </p>
          <p>
            Dense layer of {s.units} units: {fmt(r.inputs)} × {s.units} = <strong data-testid="dense-weights">{fmt(r.denseWeights)}</strong>{' '}
            weights ({fmt(r.denseParams)} parameters with biases)
          </p>
          <p>
            Conv layer, {s.filters} filters of {s.f}×{s.f}×{s.channels}: <strong data-testid="conv-params">{fmt(r.convParams)}</strong>{' '}
            parameters, whatever the image size
          </p>
          <p>
            The dense layer needs <strong data-testid="large-ratio">{fmt(Math.round(r.ratio))}</strong>× more parameters.
          </p>
        </Panel>
      )}
    </div>
  );
}
