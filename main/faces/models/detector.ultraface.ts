/**
 * Face detector: UltraFace RFB-320.
 *
 * Model: fr_detect.onnx from the npm package faceplugin-face-recognition-js@0.0.1
 * (MIT), an export of Linzaer's Ultra-Light-Fast-Generic-Face-Detector-1MB (MIT).
 * Paper: SSD (Liu et al., 2016) with Receptive Field Blocks (Liu et al., 2018).
 * Input: RGB, (v − 127) / 128, planar; the baked decode is cut off so any size runs,
 * and an image stage in front takes the decoded pixels (RGB or RGBA, any size)
 * and resizes them inside the session (`image-input.graph.ts`).
 */
import fs from 'node:fs/promises';
import type { Pixels } from '../../imaging/decode';
import { createSession, LazySession, type ModelSession, type SessionOptions } from '../../runtime/index';
import { decodeUltraFace, ultraFacePriors, type DetectedFace } from './decode.ultraface';
import { imageFeeds, withImageInput } from './image-input.graph';
import { ultraFaceHead } from './ultraface.graph';

export interface DetectOptions {
  /** Minimum face probability (default 0.7). */
  conf?: number;
  /** NMS IoU (default 0.3). */
  iou?: number;
  /** Network input as [width, height]; default: the image's aspect ratio at about 320×240 pixels·`scale`. */
  inputSize?: [number, number];
  /** Area multiplier for the automatic input size (default 1; 2–4 finds smaller faces, slower). */
  scale?: number;
}

/** The input size for an image: its aspect ratio, about 320·240·scale pixels, sides rounded to 8. */
export function autoInputSize(width: number, height: number, scale = 1): [number, number] {
  const area = 320 * 240 * scale;
  const aspect = width / height;
  const w = Math.max(32, Math.round(Math.sqrt(area * aspect) / 8) * 8);
  const h = Math.max(32, Math.round(Math.sqrt(area / aspect) / 8) * 8);
  return [w, h];
}

/**
 * @example
 *   const det = new UltraFaceDetector(() => ensureModel('fr_detect'));
 *   const faces = await det.predict(await decodeImage(bytes)); // [{ box: [x1,y1,x2,y2], score }]
 */
export class UltraFaceDetector {
  private readonly session: LazySession;
  private readonly priors = new Map<string, Float32Array>();

  constructor(modelPath: () => Promise<string>, sessionOptions: SessionOptions = {}) {
    this.session = new LazySession(async () => {
      const head = ultraFaceHead(new Uint8Array(await fs.readFile(await modelPath())));
      const graph = withImageInput(head.bytes, { output: 'input', mean: 127, std: 128 });
      return createSession(graph, { ...sessionOptions, label: 'fr_detect' });
    });
  }

  /** Load once; later calls share the same session. */
  load(): Promise<ModelSession> {
    return this.session.get();
  }

  async predict(px: Pixels, opts: DetectOptions = {}): Promise<DetectedFace[]> {
    const session = await this.load();
    const [w, h] = opts.inputSize ?? autoInputSize(px.width, px.height, opts.scale);
    // Stretched, not letterboxed: UltraFace was trained on stretched inputs; the decoder undoes it per axis.
    const out = await session.run(imageFeeds(px, w, h));
    const key = `${w}x${h}`;
    let priors = this.priors.get(key);
    if (!priors) this.priors.set(key, (priors = ultraFacePriors(w, h)));
    return decodeUltraFace(out.scores!.data as Float32Array, out.loc!.data as Float32Array, priors, {
      width: px.width,
      height: px.height,
      conf: opts.conf,
      iou: opts.iou,
    });
  }

  dispose(): Promise<void> {
    return this.session.release();
  }
}
