/**
 * Which decoder fits a model: auto-detected from the shapes of its outputs,
 * overridable by the caller. Pure: shapes in, a choice out.
 */
import { VwError } from '../errors';
import type { Candidates } from './candidates';
import { decodeCenterNet } from './decode.centernet';
import { decodeYoloEndToEnd, decodeYoloV2, decodeYoloV5, decodeYoloV8 } from './decode.yolo';

import type { DetectorFamilyName } from '../../preload/contract';
import { DETECTOR_FAMILIES } from '../../preload/enums';

export type DetectorFamily = DetectorFamilyName;
export { DETECTOR_FAMILIES };

export interface OutputShape {
  name: string;
  /** Symbolic dims as -1. */
  dims: readonly number[];
}

export interface FamilyChoice {
  family: DetectorFamily;
  /** The output the decoder reads. */
  output: string;
  numClasses: number;
  /** For grid heads: where the channel axis is. */
  layout?: 'nchw' | 'nhwc';
}

export interface FamilyHints {
  family?: DetectorFamily;
  /** YOLOv2 anchors [w0, h0, …]; a rank-4 output is only a grid head when these are known. */
  anchors?: readonly number[];
}

/** End-to-end heads keep at most a few hundred boxes; raw YOLOv5 heads have thousands of rows. */
const MAX_E2E_ROWS = 1000;

function squeeze3(dims: readonly number[]): [number, number] | undefined {
  if (dims.length === 3 && (dims[0] === 1 || dims[0] === -1)) return [dims[1]!, dims[2]!];
  if (dims.length === 2) return [dims[0]!, dims[1]!];
  return undefined;
}

function matchOne(o: OutputShape, family: DetectorFamily, hints: FamilyHints, all: readonly OutputShape[]): FamilyChoice | undefined {
  const m = squeeze3(o.dims);
  switch (family) {
    case 'centernet':
      // human's graph: `tower_0/detections` beside the heatmap (`keypoints`) and `wh` maps.
      if (m && m[1] === 6 && m[0] > 0 && m[0] <= MAX_E2E_ROWS && (/detections$/.test(o.name) || all.some((x) => x.dims.length === 4)))
        return { family, output: o.name, numClasses: 80 };
      return undefined;
    case 'yolo-e2e':
      if (m && m[1] === 6 && m[0] > 0 && m[0] <= MAX_E2E_ROWS) return { family, output: o.name, numClasses: -1 };
      return undefined;
    case 'yolov8':
      if (m && m[0] > 4 && m[0] < m[1]) return { family, output: o.name, numClasses: m[0] - 4 };
      return undefined;
    case 'yolov5':
      if (m && m[1] > 5 && m[0] > m[1]) return { family, output: o.name, numClasses: m[1] - 5 };
      return undefined;
    case 'yolov2': {
      const A = Math.floor((hints.anchors?.length ?? 0) / 2);
      if (o.dims.length !== 4 || A === 0) return undefined;
      const [, d1, d2, d3] = o.dims as [number, number, number, number];
      // Grids are square in practice; the channel axis is the odd one out.
      const nchw = d2 === d3 && d1 !== d2 ? true : d1 === d2 && d3 !== d1 ? false : d1 % A === 0 && d1 / A >= 5;
      const C = nchw ? d1 : d3;
      if (C % A !== 0 || C / A < 5) return undefined;
      return { family, output: o.name, numClasses: C / A - 5, layout: nchw ? 'nchw' : 'nhwc' };
    }
  }
}

/**
 * Pick the decoder for a model from its output shapes.
 *
 * @example detectFamily([{ name: 'output0', dims: [1, 84, 8400] }]) // { family: 'yolov8', numClasses: 80, … }
 * @throws VwError E_MODEL_INVALID when no output matches any family.
 */
export function detectFamily(outputs: readonly OutputShape[], hints: FamilyHints = {}): FamilyChoice {
  const order: DetectorFamily[] = hints.family ? [hints.family] : ['centernet', 'yolo-e2e', 'yolov8', 'yolov5', 'yolov2'];
  for (const family of order) {
    for (const o of outputs) {
      const c = matchOne(o, family, hints, outputs);
      if (c) return c;
    }
  }
  const shapes = outputs.map((o) => `${o.name} [${o.dims.join(',')}]`).join(', ') || 'none';
  const rank4 = outputs.some((o) => o.dims.length === 4);
  throw new VwError(
    'E_MODEL_INVALID',
    hints.family
      ? `The model's outputs (${shapes}) do not fit the ${hints.family} decoder.`
      : `The model's outputs (${shapes}) match no supported detector family (${DETECTOR_FAMILIES.join(', ')}).`,
    {
      hint:
        rank4 && !hints.anchors
          ? 'A grid output needs anchors: put them in the model metadata ("anchors") or in a side file <model>.anchors.json.'
          : 'Supported: CenterNet [1,N,6]+heatmaps, YOLOv5 [1,N,5+nc], YOLOv8/v11 [1,4+nc,N], end-to-end [1,N,6], YOLOv2 grid with anchors.',
      details: { outputs },
    },
  );
}

export interface DecodeContext {
  inputWidth: number;
  inputHeight: number;
  anchors?: readonly number[];
  anchorUnit?: 'grid' | 'pixels';
}

/**
 * Run the chosen decoder on the model's outputs.
 *
 * @example decodeOutputs(choice, await session.run(feeds), 0.25, { inputWidth: 512, inputHeight: 512 })
 */
export function decodeOutputs(
  choice: FamilyChoice,
  outputs: Record<string, { data: ArrayLike<number> | BigInt64Array; dims: readonly number[] }>,
  conf: number,
  ctx: DecodeContext,
): Candidates {
  const t = outputs[choice.output];
  if (!t) throw new VwError('E_MODEL_INVALID', `The model did not return output "${choice.output}".`);
  if (t.data instanceof BigInt64Array)
    throw new VwError('E_MODEL_INVALID', `Output "${choice.output}" is int64; a detector head must be float.`);
  const data = t.data as ArrayLike<number>;
  switch (choice.family) {
    case 'centernet':
      return decodeCenterNet(data, t.dims, conf);
    case 'yolo-e2e':
      return decodeYoloEndToEnd(data, t.dims, conf);
    case 'yolov5':
      return decodeYoloV5(data, t.dims, conf);
    case 'yolov8':
      return decodeYoloV8(data, t.dims, conf);
    case 'yolov2':
      return decodeYoloV2(data, t.dims, conf, {
        anchors: ctx.anchors ?? [],
        anchorUnit: ctx.anchorUnit,
        inputWidth: ctx.inputWidth,
        inputHeight: ctx.inputHeight,
        layout: choice.layout ?? 'nchw',
      });
  }
}
