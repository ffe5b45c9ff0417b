import { MultiSelect, NativeSelect, NumberInput, Switch } from '@mantine/core';
import type { DetectionModelInfo, DetectOptions, EngineDefaults } from '../../../../preload/contract';
import { DropZone } from '../../components/DropZone';
import { ThresholdSliders } from '../../components/ThresholdSliders';

interface Props {
  models: DetectionModelInfo[];
  options: DetectOptions;
  onChange: (o: DetectOptions) => void;
  defaults: EngineDefaults['detection'];
  /** A YOLO .onnx the user brings (sent as bytes; the engine answers with its id). */
  onImport: (file: File) => void;
}

/** Every option the detection engine has: model, input size, confidence, IoU, classes, max detections, class-agnostic NMS. */
export function DetectOptionsForm({ models, options, onChange, defaults, onImport }: Props) {
  const set = (patch: Partial<DetectOptions>): void => onChange({ ...options, ...patch });
  const model = models.find((m) => m.id === (options.model ?? models[0]?.id));
  const sizes = model?.inputSizes?.length ? model.inputSizes : model ? [model.inputSize] : [];
  return (
    <div className="stack">
      <NativeSelect
        label="Model"
        description={
          model
            ? `${model.family} · ${model.classes.length} classes · input ${model.inputSize} px${model.license ? ` · ${model.license}` : ''}`
            : undefined
        }
        value={options.model ?? model?.id ?? ''}
        onChange={(e) => set({ model: e.currentTarget.value, inputSize: undefined, classes: undefined })}
        data={models.map((m) => ({
          value: m.id,
          label: m.optional && !m.downloaded ? `${m.id} (add it on the Models page)` : m.id,
          disabled: m.optional && !m.downloaded,
        }))}
        data-testid="detect-model"
      />
      <DropZone label="Import a YOLO .onnx" accept=".onnx" compact testId="yolo-import" onFiles={([f]) => onImport(f!)} />
      <NativeSelect
        label="Input size"
        description="Smaller is faster; larger finds small objects."
        value={String(options.inputSize ?? model?.inputSize ?? '')}
        onChange={(e) => set({ inputSize: Number(e.currentTarget.value) })}
        data={sizes.map((s) => ({ value: String(s), label: `${s} × ${s}${s === model?.inputSize ? ' (default)' : ''}` }))}
        disabled={sizes.length < 2}
      />
      <ThresholdSliders
        conf={options.conf ?? defaults.conf}
        iou={options.iou ?? defaults.iou}
        onConf={(conf) => set({ conf })}
        onIou={(iou) => set({ iou })}
      />
      <MultiSelect
        label="Classes"
        placeholder={options.classes?.length ? undefined : 'All classes'}
        data={[...new Set(model?.classes ?? [])]}
        value={(options.classes ?? []).map(String)}
        onChange={(v) => set({ classes: v.length ? v : undefined })}
        searchable
        clearable
        maxDropdownHeight={240}
        aria-label="Class filter"
      />
      <div className="row">
        <NumberInput
          label="Max detections"
          value={options.maxDet ?? defaults.maxDet}
          min={1}
          max={1000}
          onChange={(v) => typeof v === 'number' && set({ maxDet: v })}
          w={130}
        />
        <Switch
          label="Class-agnostic NMS"
          checked={options.agnostic ?? defaults.agnostic}
          onChange={(e) => set({ agnostic: e.currentTarget.checked })}
          mt={22}
        />
      </div>
    </div>
  );
}
