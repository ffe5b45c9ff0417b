/**
 * Classification with localization, and landmark detection, as the notes
 * write their targets: y = [p_c, b_x, b_y, b_h, b_w, c_1 … c_C] with the
 * image's top-left at (0, 0) and bottom-right at (1, 1), and a face's 68
 * landmarks as [l_1x, l_1y, …, l_68x, l_68y]. The numbers come from the
 * detection engine (CenterNet) and the faces engine (UltraFace + the 68-point
 * landmark model) on the same picture.
 */
import type { Detection, LabLocalizeRequest, LabLocalizeResult } from '../../preload/contract';
import { decodeImage } from '../imaging/decode';
import type { DetectionService } from '../detection/service';
import type { FacePipeline } from '../faces/pipeline';
import { DEFAULT_TARGET_CLASSES } from './yolo';

const r4 = (v: number): number => Math.round(v * 10000) / 10000;

/**
 * The notes' y for one detection.
 *
 * @example localizationVector({ box: [472.56, 81.27, 683.36, 165.32], label: 'car', … }, 768, 576, ['person', 'car', 'motorcycle']);
 *   // [1, 0.7526, 0.2141, 0.1459, 0.2745, 0, 1, 0]
 */
export function localizationVector(
  d: Pick<Detection, 'box' | 'label'>,
  width: number,
  height: number,
  classes: readonly string[],
): (number | null)[] {
  const c = classes.indexOf(d.label);
  if (c < 0) return [0, ...new Array<null>(4 + classes.length).fill(null)];
  const [x1, y1, x2, y2] = d.box;
  return [
    1,
    r4((x1 + x2) / 2 / width),
    r4((y1 + y2) / 2 / height),
    r4((y2 - y1) / height),
    r4((x2 - x1) / width),
    ...classes.map((_, k) => (k === c ? 1 : 0)),
  ];
}

/** [l_1x, l_1y, …] as fractions of the image. */
export function landmarkVector(points: readonly [number, number][], width: number, height: number): number[] {
  return points.flatMap(([x, y]) => [r4(x / width), r4(y / height)]);
}

/**
 * Detections with their y, and the largest face's landmark vector.
 *
 * @example const r = await localize({ image }, detection, faces); r.detections[0].y;
 */
export async function localize(req: LabLocalizeRequest, detection: DetectionService, faces: FacePipeline): Promise<LabLocalizeResult> {
  const classes = req.classes ?? DEFAULT_TARGET_CLASSES;
  const px = await decodeImage(req.image, { channels: 3 });
  const det = await detection.detect(px);
  const face = (await faces.analyze(px)).faces[0];
  return {
    width: px.width,
    height: px.height,
    classes,
    detections: det.detections.slice(0, 20).map((d) => ({
      label: d.label,
      score: d.score,
      box: d.box,
      y: localizationVector(d, px.width, px.height, classes),
    })),
    face: face && {
      box: face.box.map((v) => Math.round(v * 100) / 100) as [number, number, number, number],
      landmarks: face.landmarks.map(([x, y]) => [Math.round(x * 100) / 100, Math.round(y * 100) / 100] as [number, number]),
      vector: landmarkVector(face.landmarks, px.width, px.height),
    },
  };
}
