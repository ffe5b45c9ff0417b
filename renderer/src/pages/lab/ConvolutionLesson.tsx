import { useState } from 'react';
import type { Matrix } from '../../../../preload/contract';
import { MatrixTable } from '../../components/MatrixTable';
import { IntField } from '../../components/IntField';
import { Unavailable } from '../../components/Unavailable';
import { useRequest } from '../../hooks/useRequest';
import { FilterEditor } from './FilterEditor';
import { LabImagePanel } from './LabImagePanel';
import { INPUT_PRESETS, outputLength, parseMatrix, FILTER_PRESETS, type FilterPreset } from './presets';

/** The convolution / padding / stride / pooling lesson on the seed's matrices and on a picture. */
export function ConvolutionLesson() {
  const [text, setText] = useState(INPUT_PRESETS['Lesson 6×6']!);
  const [preset, setPreset] = useState<FilterPreset>('vertical');
  const [custom, setCustom] = useState<number[]>([...FILTER_PRESETS.vertical]);
  const [padding, setPadding] = useState(0);
  const [stride, setStride] = useState(1);
  const [poolMode, setPoolMode] = useState<'max' | 'avg'>('max');
  const [poolSize, setPoolSize] = useState(2);
  const [poolStride, setPoolStride] = useState(2);

  const parsed = parseMatrix(text);
  const weights = preset === 'custom' ? custom : [...FILTER_PRESETS[preset]];
  const filter: Matrix = { rows: 3, cols: 3, data: weights };
  const input = parsed.matrix;
  const outRows = input ? outputLength(input.rows, 3, padding, stride) : 0;
  const outCols = input ? outputLength(input.cols, 3, padding, stride) : 0;
  const valid = !!input && outRows >= 1 && outCols >= 1 && stride >= 1 && padding >= 0;

  const conv = useRequest('vw:lab.convolve', { input: input ?? { rows: 1, cols: 1, data: [0] }, filter, padding, stride }, valid);
  const poolValid = !!input && poolSize >= 1 && poolStride >= 1 && poolSize <= Math.min(input.rows, input.cols);
  const pooled = useRequest(
    'vw:lab.pool',
    { input: input ?? { rows: 1, cols: 1, data: [0] }, mode: poolMode, size: poolSize, stride: poolStride },
    poolValid,
  );

  return (
    <>
      <h2>Convolution and pooling</h2>
      {conv.error?.code === 'E_NOT_AVAILABLE' && <Unavailable what="The lab engine" error={conv.error} />}
      <div className="lab-grid">
        <div className="card">
          <h3>Input</h3>
          <div className="row">
            {Object.keys(INPUT_PRESETS).map((name) => (
              <button key={name} type="button" onClick={() => setText(INPUT_PRESETS[name]!)}>
                {name}
              </button>
            ))}
          </div>
          <textarea
            aria-label="Input matrix (one row per line)"
            className="matrix-text"
            rows={8}
            value={text}
            onChange={(e) => setText(e.target.value)}
            spellCheck={false}
          />
          {parsed.error ? (
            <div className="inline-error" role="alert">
              {parsed.error}
            </div>
          ) : (
            <div className="muted">
              {input!.rows}×{input!.cols}
            </div>
          )}
        </div>

        <div className="card">
          <h3>Filter</h3>
          <FilterEditor preset={preset} onPreset={setPreset} weights={weights} onCustom={setCustom} />
          <div className="row">
            <IntField label="Padding p" value={padding} min={0} max={16} onChange={setPadding} />
            <IntField label="Stride s" value={stride} min={1} max={16} onChange={setStride} />
          </div>
          <div className="row">
            <button type="button" onClick={() => setPadding(0)}>
              valid (p = 0)
            </button>
            <button
              type="button"
              onClick={() => {
                setPadding(1);
                setStride(1);
              }}
            >
              same (p = (f − 1)/2 = 1, s = 1)
            </button>
          </div>
          {input && (
            <p className="formula" data-testid="output-size-formula">
              output = ⌊(n + 2p − f)/s⌋ + 1 = ⌊({input.rows} + 2·{padding} − 3)/{stride}⌋ + 1 = {outRows} rows, ⌊({input.cols} + 2·
              {padding} − 3)/{stride}⌋ + 1 = {outCols} columns
            </p>
          )}
        </div>

        <div className="card">
          <h3>Convolution output {conv.data && `(${conv.data.outputSize.rows}×${conv.data.outputSize.cols})`}</h3>
          {!valid && input && (
            <div className="inline-error">
              The 3×3 filter does not fit: the output would be {outRows}×{outCols}.
            </div>
          )}
          {conv.error && conv.error.code !== 'E_NOT_AVAILABLE' && <div className="inline-error">{conv.error.message}</div>}
          {valid && conv.data && <MatrixTable m={conv.data.output} label="Convolution output" testId="conv-output" />}
        </div>

        <div className="card">
          <h3>Pooling of the input</h3>
          <div className="row">
            <label>
              Mode{' '}
              <select value={poolMode} onChange={(e) => setPoolMode(e.target.value as 'max' | 'avg')}>
                <option value="max">max</option>
                <option value="avg">average</option>
              </select>
            </label>
            <IntField label="f" value={poolSize} min={1} max={8} onChange={setPoolSize} />
            <IntField label="s" value={poolStride} min={1} max={8} onChange={setPoolStride} />
          </div>
          {pooled.error && <div className="inline-error">{pooled.error.message}</div>}
          {poolValid && pooled.data && <MatrixTable m={pooled.data.output} label="Pooling output" testId="pool-output" />}
        </div>
      </div>
      <LabImagePanel filter={filter} padding={padding} stride={stride} pool={{ mode: poolMode, size: poolSize, stride: poolStride }} />
    </>
  );
}
