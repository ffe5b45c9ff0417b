/**
 * Runtime lists of the contract's string unions, compile-checked like
 * channels.ts: a `Record<Union, true>` must name every member and nothing else,
 * so a value added to the contract cannot be missing from a schema or a CLI
 * choice list (and a removed one cannot linger).
 */
import type { DetectorFamilyName, FaceDetectorName, StyleOptions } from './contract';

const families: Record<DetectorFamilyName, true> = { centernet: true, yolov2: true, yolov5: true, yolov8: true, 'yolo-e2e': true };
const faceDetectors: Record<FaceDetectorName, true> = { ultraface: true, blazeface: true };
const optimizers: Record<NonNullable<StyleOptions['optimizer']>, true> = { lbfgs: true, adam: true };
const inits: Record<NonNullable<StyleOptions['init']>, true> = { content: true, noise: true, image: true };

const keys = <T extends string>(r: Record<T, true>) => Object.keys(r) as [T, ...T[]];

export const DETECTOR_FAMILIES = keys(families);
export const FACE_DETECTORS = keys(faceDetectors);
export const STYLE_OPTIMIZERS = keys(optimizers);
export const STYLE_INITS = keys(inits);
