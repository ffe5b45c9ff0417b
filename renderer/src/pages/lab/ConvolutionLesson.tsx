import { useState } from 'react';
import { Button, Group, SegmentedControl, Text, Textarea } from '@mantine/core';
import type { Matrix } from '../../../../preload/contract';
import { MatrixTable } from '../../components/MatrixTable';
import { Panel } from '../../components/Panel';
import { Choice, Num } from './controls';
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
  const [poolOf, setPoolOf] = useState<'input' | 'conv'>('input');

  const parsed = parseMatrix(text);
  const weights = preset === 'custom' ? custom : [...FILTER_PRESETS[preset]];
  const filter: Matrix = { rows: 3, cols: 3, data: weights };
  const input = parsed.matrix;
  const outRows = input ? outputLength(input.rows, 3, padding, stride) : 0;
  const outCols = input ? outputLength(input.cols, 3, padding, stride) : 0;
  const valid = !!input && outRows >= 1 && outCols >= 1 && stride >= 1 && padding >= 0;

  const conv = useRequest('vw:lab.convolve', { input: input ?? { rows: 1, cols: 1, data: [0] }, filter, padding, stride }, valid);
  // Pool the input (the notes' pooling example) or the convolution's output (CONV → POOL, like `vws lab conv --pool`).
  const poolSource = poolOf === 'conv' ? (valid ? conv.data?.output : undefined) : input;
  const poolValid = !!poolSource && poolSize >= 1 && poolStride >= 1 && poolSize <= Math.min(poolSource.rows, poolSource.cols);
  const pooled = useRequest(
    'vw:lab.pool',
    { input: poolSource ?? { rows: 1, cols: 1, data: [0] }, mode: poolMode, size: poolSize, stride: poolStride },
    poolValid,
  );

  return (
    <div className="stack">
      {conv.error?.code === 'E_NOT_AVAILABLE' && <Unavailable what="The lab engine" error={conv.error} />}
      <div className="lab-grid">
        <Panel title="Input">
          <Group gap={6} mb="xs">
            {Object.keys(INPUT_PRESETS).map((name) => (
              <Button key={name} size="compact-xs" variant="default" onClick={() => setText(INPUT_PRESETS[name]!)}>
                {name}
              </Button>
            ))}
          </Group>
          <Textarea
            aria-label="Input matrix (one row per line)"
            classNames={{ input: 'matrix-text' }}
            autosize
            minRows={6}
            maxRows={12}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            spellCheck={false}
          />
          {parsed.error ? (
            <Text size="sm" c="red" mt={4} role="alert">
              {parsed.error}
            </Text>
          ) : (
            <Text size="xs" c="dimmed" mt={4}>
              {input!.rows}×{input!.cols}
            </Text>
          )}
        </Panel>

        <Panel title="Filter">
          <FilterEditor preset={preset} onPreset={setPreset} weights={weights} onCustom={setCustom} />
          <Group gap="sm" align="flex-end">
            <Num label="Padding p" value={padding} min={0} max={16} onChange={setPadding} />
            <Num label="Stride s" value={stride} min={1} max={16} onChange={setStride} />
          </Group>
          <Group gap={6} mt="xs">
            <Button size="compact-xs" variant="default" onClick={() => setPadding(0)}>
              valid (p = 0)
            </Button>
            <Button
              size="compact-xs"
              variant="default"
              onClick={() => {
                setPadding(1);
                setStride(1);
              }}
            >
              same (p = (f − 1)/2 = 1, s = 1)
            </Button>
          </Group>
          {input && (
            <p className="formula" data-testid="output-size-formula">
              output = ⌊(n + 2p − f)/s⌋ + 1 = ⌊({input.rows} + 2·{padding} − 3)/{stride}⌋ + 1 = {outRows} {outRows === 1 ? 'row' : 'rows'},
              ⌊({input.cols} + 2·
              {padding} − 3)/{stride}⌋ + 1 = {outCols} {outCols === 1 ? 'column' : 'columns'}
            </p>
          )}
        </Panel>

        <Panel title={`Convolution output${conv.data ? ` (${conv.data.outputSize.rows}×${conv.data.outputSize.cols})` : ''}`}>
          {!valid && input && (
            <Text size="sm" c="red">
              The 3×3 filter does not fit: the output would be {outRows}×{outCols}.
            </Text>
          )}
          {conv.error && conv.error.code !== 'E_NOT_AVAILABLE' && (
            <Text size="sm" c="red">
              {conv.error.message}
            </Text>
          )}
          {valid && conv.data && <MatrixTable m={conv.data.output} label="Convolution output" testId="conv-output" />}
        </Panel>

        <Panel title="Pooling">
          <SegmentedControl
            size="xs"
            mb="xs"
            aria-label="What to pool"
            value={poolOf}
            onChange={(v) => setPoolOf(v as 'input' | 'conv')}
            data={[
              { value: 'input', label: 'the input' },
              { value: 'conv', label: 'the convolution output' },
            ]}
          />
          <Group gap="sm" align="flex-end" mb="xs">
            <Choice
              label="Mode"
              value={poolMode}
              w={110}
              options={[
                { value: 'max', label: 'max' },
                { value: 'avg', label: 'average' },
              ]}
              onChange={setPoolMode}
            />
            <Num label="f" value={poolSize} min={1} max={8} w={80} onChange={setPoolSize} />
            <Num label="s" value={poolStride} min={1} max={8} w={80} onChange={setPoolStride} />
          </Group>
          {pooled.error && (
            <Text size="sm" c="red">
              {pooled.error.message}
            </Text>
          )}
          {poolValid && pooled.data && <MatrixTable m={pooled.data.output} label="Pooling output" testId="pool-output" />}
        </Panel>
      </div>
      <LabImagePanel filter={filter} padding={padding} stride={stride} pool={{ mode: poolMode, size: poolSize, stride: poolStride }} />
    </div>
  );
}
