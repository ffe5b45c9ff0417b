/**
 * The one contract between the renderer and the engines.
 *
 * Types only: no runtime imports, no values. One file on purpose (longer than
 * 400 lines): every channel, request, response and event, one section per area. Main, the headless host, the CLI
 * and the renderer's client all `import type` from here. Payloads are checked
 * against zod schemas (main/host/areas/<area>.ts) where they enter main or the host.
 *
 * Channels are named `vw:<area>.<verb>`; events `vw:<area>.onDid<Something>`.
 * Binary fields are `Uint8Array` (structured clone over IPC, binary attachments
 * over the WebSocket wire).
 *
 * Each area owns its own section below. Add a channel = add it to `Api`,
 * add its schema, implement its handler, expose it in the CLI, draw it in a page.
 */

// ───────────────────────────── transport-level ─────────────────────────────

/** Every error that crosses a process boundary has one of these codes. */
export type ErrorCode =
  // transport / host
  | 'E_BAD_JSON'
  | 'E_UNKNOWN_CHANNEL'
  | 'E_INVALID_PAYLOAD'
  | 'E_PAYLOAD_TOO_LARGE'
  | 'E_HOST_CRASHED'
  | 'E_CANCELLED'
  | 'E_UNAUTHORIZED'
  | 'E_NOT_AVAILABLE'
  | 'E_INTERNAL'
  // input
  | 'E_BAD_IMAGE'
  | 'E_IMAGE_TOO_LARGE'
  | 'E_BAD_ARGUMENT'
  | 'E_NOT_FOUND'
  // models
  | 'E_MODEL_MISSING'
  | 'E_MODEL_INTEGRITY'
  | 'E_MODEL_INVALID'
  | 'E_UNSUPPORTED_OP'
  /** An optional model's license was not accepted exactly (issue 15). */
  | 'E_LICENSE_REQUIRED'
  // faces
  | 'E_NO_FACE'
  | 'E_UNKNOWN_PERSON'
  | 'E_QUALITY'
  | 'E_DB'
  | 'E_DB_SCHEMA'
  // style
  | 'E_NUMERIC'
  // host boundary (issue #12): a job over its budget; a file-system failure with its path
  | 'E_RESOURCE'
  | 'E_FS'
  // video (sources, issue 14): corrupt, truncated, not a video, no frames, codec not decodable
  | 'E_BAD_VIDEO';

/** The serialized form of a typed error. */
export interface ErrorPayload {
  code: ErrorCode;
  /** Human-readable: what went wrong. */
  message: string;
  /** What to do about it, when we know. */
  hint?: string;
  /** Structured extras (field paths for validation errors, etc.). */
  details?: unknown;
}

/** State of the engine host as shown in the status bar. */
export interface HostState {
  status: 'starting' | 'ready' | 'busy' | 'crashed' | 'restarting';
  /** Execution provider the runtime is using (e.g. "cpu", "cuda"). */
  executionProvider: string;
  /** Restarts since the host started. */
  restarts: number;
  /** Requests in flight. */
  inFlight: number;
  /** "child_process" for `vws serve`, "worker_threads" for the CLI and tests, "utilityProcess" in Electron. */
  kind: 'worker_threads' | 'utilityProcess' | 'child_process';
}

/** A progress report for a long operation, tied to the request that started it. */
export interface Progress {
  requestId: string;
  /** Free-form stage name, e.g. "fetch", "convert", "iterate". */
  stage: string;
  /** 0..1 when known. */
  fraction?: number;
  message?: string;
}

// ───────────────────────────── app ─────────────────────────────

export interface AppInfo {
  name: string;
  version: string;
  node: string;
  electron?: string;
  platform: string;
  arch: string;
}

export interface DoctorModel {
  id: string;
  task: string;
  source: string;
  license: string;
  file: string;
  present: boolean;
  bytes?: number;
  sha256?: string;
  sha256Ok?: boolean;
  executionProvider?: string;
  loadMs?: number;
  /** Optional model (issue 15): downloaded only when the user adds it and accepts its license. */
  optional?: boolean;
}

export interface DoctorReport {
  app: AppInfo;
  versions: Record<string, string>;
  executionProviders: {
    /** In preference order, CPU last. */
    available: string[];
    /** What was tried and why it was skipped. */
    skipped: { name: string; reason: string }[];
    selected: string;
  };
  threads: number;
  cpus: number;
  dirs: { data: string; models: string; db: string };
  models: DoctorModel[];
  host: HostState;
}

// ───────────────────────────── models ─────────────────────────────

export interface ModelInfo extends DoctorModel {
  format: 'onnx' | 'tfjs-graph';
  inputs: { name: string; shape: (number | string)[]; type: string }[];
  outputs: { name: string; shape: (number | string)[]; type: string }[];
  /** Optional models (issue 15): what the user accepts before `vw:models.add` downloads it. */
  licenseGate?: ModelLicenseGate;
}

/** An optional model's license: the exact id to accept, the full text's address, and what it means in plain words. */
export interface ModelLicenseGate {
  accept: string;
  url: string;
  summary: string;
  description?: string;
  /** Bytes to download (the whole npm tarball, which may hold several models). */
  downloadBytes?: number;
  /** The CLI command that does the same. */
  command: string;
}

export interface LayerRow {
  name: string;
  /** "CONV 5x5 s1 p0", "POOL max 2x2 s2", "FC", "ACT relu", ... */
  kind: string;
  op: string;
  /** Output activation shape without the batch dim, channels last: [H, W, C] or [N]. */
  shape: number[];
  activationSize: number;
  params: number;
  macs: number;
}

export interface InspectReport {
  model: string;
  inputShape: number[];
  layers: LayerRow[];
  totals: { params: number; macs: number; activationSize: number };
}

export interface ModelsProgress extends Progress {
  model: string;
}

// ───────────────────────────── detection ─────────────────────────────

/** One detection, in original-image pixels. */
export interface Detection {
  /** [x1, y1, x2, y2] in original-image pixels. */
  box: [number, number, number, number];
  classId: number;
  label: string;
  score: number;
  /** Present when tracking is on. */
  trackId?: number;
}

/** Per-stage milliseconds, like Ultralytics' `speed`. */
export interface Speed {
  preprocess: number;
  inference: number;
  postprocess: number;
}

export interface DetectOptions {
  conf?: number;
  iou?: number;
  maxDet?: number;
  agnostic?: boolean;
  /** Class names or ids to keep. */
  classes?: (string | number)[];
  model?: string;
  /** Square model input side (e.g. 512, 384, 320) where the model allows it. */
  inputSize?: number;
  /** Decoder family for a user model; auto-detected from its output shapes when absent. */
  family?: DetectorFamilyName;
}

/** Decoder families: the bundled CenterNet and the YOLO heads user models may have. */
export type DetectorFamilyName = 'centernet' | 'yolov2' | 'yolov5' | 'yolov8' | 'yolo-e2e';

export interface DetectResult {
  width: number;
  height: number;
  model: string;
  detections: Detection[];
  speed: Speed;
}

/** A raw RGBA frame. */
export interface RawFrame {
  width: number;
  height: number;
  /** RGBA, width*height*4 bytes. */
  data: Uint8Array;
}

/** What the host's live adapter adds to every `*.frame` answer. */
export interface LiveFrameMeta {
  frameId: number;
  /** Frames replaced while waiting (latest-frame-wins), since the stream began. */
  dropped: number;
  /** Frames processed since the stream began. */
  processed: number;
}

export interface FrameResult extends DetectResult, LiveFrameMeta {}

export interface DetectionModelInfo {
  id: string;
  family: string;
  /** Default square input side. */
  inputSize: number;
  /** Input sides the model can also run at (`DetectOptions.inputSize`), smaller = faster. */
  inputSizes?: number[];
  /** Input side used for live frames when the request names none (bundled CenterNet: 384, see README). */
  liveInputSize?: number;
  classes: string[];
  /** Optional models (issue 15): their license, and whether the user has added (downloaded) them. */
  license?: string;
  optional?: boolean;
  downloaded?: boolean;
}

/** A user's detector for `vw:models.import`. */
export interface ImportModelRequest {
  /** A name to derive the id from (the file name is fine). */
  name: string;
  /** The .onnx file, with its weights inside (no external data). */
  bytes: Uint8Array;
  family?: DetectorFamilyName;
  labels?: string[];
  /** [w, h] pairs for YOLOv2-style heads. */
  anchors?: number[];
  inputSize?: number;
}

// ───────────────────────────── faces ─────────────────────────────

export interface FaceQuality {
  ok: boolean;
  /** Why the face fails the enrollment gate, if it does. */
  reasons: string[];
  sizePx: number;
  sharpness: number;
  yawDeg: number;
  rollDeg: number;
}

export interface Person {
  id: number;
  name: string;
  faces: number;
  created: string;
  /** Face id of a thumbnail (aligned crop). */
  thumbnailFaceId?: number;
}

export interface FaceRecord {
  id: number;
  personId: number;
  source: string;
  box: [number, number, number, number];
  quality: FaceQuality;
  created: string;
  /** The user said this face is not its person (`vw:faces.reject`): it no longer counts for them. */
  rejected: boolean;
}

export interface FaceMatch {
  personId: number;
  name: string;
  similarity: number;
  /** The stored gallery face that gave this similarity (the person's nearest face). */
  faceId: number;
}

export interface RecognizedFace {
  box: [number, number, number, number];
  score: number;
  /** 68 points [x, y] in original-image pixels. */
  landmarks: [number, number][];
  quality: FaceQuality;
  /** null means "not recognized" (best similarity below τ). */
  match: FaceMatch | null;
  best: FaceMatch | null;
  runnerUp: FaceMatch | null;
}

export interface FaceTimings {
  detect: number;
  landmarks: number;
  align: number;
  embed: number;
  match: number;
}

/**
 * Face detectors: 'ultraface' (default; faces at any distance, down to ~10 px) and
 * 'blazeface' (MediaPipe short-range; webcam and selfie distances, faster, misses
 * faces smaller than about 1/8 of the image's longer side).
 */
export type FaceDetectorName = 'ultraface' | 'blazeface';

export interface RecognizeResult {
  width: number;
  height: number;
  tau: number;
  /** The detector that found the faces. */
  detector: FaceDetectorName;
  faces: RecognizedFace[];
  timings: FaceTimings;
  /** True when the gallery's personalization (issue #17 item 8) scored the matches: both sides projected, then cosine. */
  personalized?: boolean;
}

export interface EnrollShot {
  source: string;
  accepted: boolean;
  faceId?: number;
  reasons: string[];
  /** Set when the image had several faces and the largest was used. */
  note?: string;
  quality?: FaceQuality;
  /** The face matches someone else already enrolled at or above τ (same person under two names?). */
  lookAlike?: FaceMatch;
}

export interface EnrollResult {
  person: Person;
  shots: EnrollShot[];
}

export interface VerifyResult {
  similarity: number;
  tau: number;
  same: boolean;
  /** True when the similarity is the personalized one (issue #17 item 8). */
  personalized?: boolean;
  /** The two faces compared (the largest of each image): box in that image's pixels and the aligned 112×112 crop (JPEG). */
  faces?: [VerifiedFace, VerifiedFace];
}

export interface VerifiedFace {
  box: [number, number, number, number];
  crop: Uint8Array;
}

export interface CalibrationReport {
  /** Cosine similarities of same-person pairs (people with ≥ 2 faces), ascending. */
  genuine: number[];
  /** Cosine similarities of different-person pairs, ascending. */
  impostor: number[];
  suggestedTau: number;
  /** Estimated false-accept / false-reject rates at the suggested τ (normal fits of the two distributions). */
  far: number;
  frr: number;
  currentTau: number;
  /** The same rates counted on the gallery's own pairs (0 when the gallery is separable). */
  empiricalFar?: number;
  empiricalFrr?: number;
  pairs?: { genuine: number; impostor: number };
  /** True when the similarities are the personalized ones (issue #17 item 8): what verify and recognize compare with τ. */
  personalized?: boolean;
}

/** Result of recomputing every embedding from the stored aligned crops. */
export interface ReembedResult {
  faces: number;
  model: string;
  version: string;
}

/** Result of importing a gallery export. */
/** The face gallery a host serves (issue 16). */
export interface GalleryStoreInfo {
  kind: 'sqlite' | 'postgres';
  /** The SQLite file, or the PostgreSQL URL with its password hidden. */
  location: string;
  /** Who chose it: the host's flag or environment (fixed for the run), the app's setting, or the default (SQLite). */
  source: 'option' | 'env' | 'settings' | 'default';
  /** Whether this client may switch it (vw:faces.useStore); when not, `why` says what to do instead. */
  changeable: boolean;
  why?: string;
}

export interface GalleryImportResult {
  persons: number;
  faces: number;
  /** Faces whose embeddings came from another model version and were recomputed from the crops. */
  reembedded: number;
}

// ───────────────────────────── style ─────────────────────────────

export interface StyleOptions {
  contentWeight?: number;
  styleWeight?: number;
  tvWeight?: number;
  iterations?: number;
  /** Long side of the result in pixels. */
  size?: number;
  styleScale?: number;
  /** One weight per style image. */
  styleBlendWeights?: number[];
  originalColors?: boolean;
  /** Start from the content image, seeded noise, or `initImage`. */
  init?: 'content' | 'noise' | 'image';
  /** Encoded image to start from when `init` is "image". */
  initImage?: Uint8Array;
  optimizer?: 'lbfgs' | 'adam';
  seed?: number;
  coarseToFine?: boolean;
  previewEvery?: number;
}

export interface StyleLosses {
  total: number;
  content: number;
  style: number;
  tv: number;
}

export interface StyleProgress extends Progress {
  jobId: string;
  iteration: number;
  iterations: number;
  losses: StyleLosses;
  etaMs: number;
  /** Small PNG preview of the current image. */
  preview?: Uint8Array;
}

export interface StyleResult {
  jobId: string;
  status: 'done' | 'cancelled' | 'failed' | 'running';
  width: number;
  height: number;
  /** PNG bytes. */
  png?: Uint8Array;
  losses?: StyleLosses;
  initialLosses?: StyleLosses;
  iterations: number;
  msPerIteration?: number;
  totalMs?: number;
  error?: ErrorPayload;
}

// ───────────────────────────── lab ─────────────────────────────

export interface Matrix {
  rows: number;
  cols: number;
  /** Row-major. */
  data: number[];
}

export interface LabConvolveRequest {
  input: Matrix;
  filter: Matrix;
  padding: number;
  stride: number;
}

export interface LabPoolRequest {
  input: Matrix;
  mode: 'max' | 'avg';
  size: number;
  stride: number;
}

export interface LabImageRequest {
  /** Encoded image (PNG/JPEG/WebP). */
  image: Uint8Array;
  filter: Matrix;
  padding: number;
  stride: number;
  pool?: { mode: 'max' | 'avg'; size: number; stride: number };
}

export interface LabImageResult {
  width: number;
  height: number;
  /** Grayscale input as PNG. */
  input: Uint8Array;
  /** Filter response mapped to 0..255, as PNG. */
  output: Uint8Array;
  outputSize: { rows: number; cols: number };
}

// ───────────────────────────── lab: the seed's lessons (issue #17) ─────────────────────────────

export type LabNetworkId = 'notes-cnn' | 'lenet5' | 'alexnet' | 'vgg16' | 'residual-block' | 'resnet50' | 'inception-module' | 'googlenet';

export interface LabNetworkInfo {
  id: LabNetworkId;
  title: string;
  /** Paper or notes the description follows. */
  source: string;
}

/** A classic network's layer table, computed from its description (no weights). */
export interface LabNetworkReport extends InspectReport, LabNetworkInfo {}

/** The notes' 1×1 bottleneck example: n_H×n_W×n_C → f×f conv with `filters` filters, directly or after a 1×1 conv to `bottleneck`. */
export interface OneByOneRequest {
  height: number;
  width: number;
  channels: number;
  f: number;
  filters: number;
  bottleneck: number;
}

export interface OneByOneResult {
  /** Multiplications of the direct f×f conv ("same" padding, stride 1). */
  direct: number;
  /** 1×1 conv to the bottleneck, then the f×f conv from it, and their sum. */
  reduce: number;
  expand: number;
  bottlenecked: number;
  /** direct / bottlenecked. */
  ratio: number;
  directParams: number;
  bottleneckedParams: number;
  /** The same two counts read off the Inception (3a) description's 5×5 branch (28×28×192 → 1×1 16 → 5×5 32). */
  inception3a: { reduce: number; expand: number; total: number };
}

/** A dense layer vs a conv layer on a large image. */
export interface LargeImageRequest {
  height: number;
  width: number;
  channels: number;
  /** Units of the dense layer. */
  units: number;
  /** Conv layer: f×f, `filters` filters. */
  f: number;
  filters: number;
}

export interface LargeImageResult {
  inputs: number;
  /** inputs · units weights (+ units biases). */
  denseWeights: number;
  denseParams: number;
  /** f·f·n_C·filters weights (+ filters biases), independent of the image size. */
  convParams: number;
  ratio: number;
}

/** YOLO step by step on the bundled detector's real pre-NMS candidates. */
export interface LabYoloRequest {
  image: Uint8Array;
  /** Candidates below this p_c are dropped before NMS (default 0.1: low enough that overlapping candidates show). */
  conf?: number;
  /** NMS discards boxes with IoU ≥ this with a kept box of the same class (default 0.5). */
  iou?: number;
  /** The notes' S×S grid (default 3). */
  grid?: number;
  /** Anchor shapes [w, h] as fractions of the image (default: one tall, one wide, as in the notes). */
  anchors?: [number, number][];
  /** COCO classes c_1 … c_C of the target (default the notes' pedestrian, car, motorcycle = person, car, motorcycle). */
  classes?: string[];
  /** Kept boxes with p_c ≥ this become objects of the target (default 0.25, the detector's threshold). */
  targetConf?: number;
}

export interface LabCandidate {
  /** Index in `candidates`, by descending p_c. */
  index: number;
  /** [x1, y1, x2, y2] in original-image pixels. */
  box: [number, number, number, number];
  score: number;
  classId: number;
  label: string;
  /** The model grid cell its centre falls in. */
  cell: { row: number; col: number };
}

export interface LabNmsStep {
  classId: number;
  label: string;
  /** Candidate kept at this step: the highest p_c left in its class. */
  pick: number;
  /** Candidates of its class discarded here, with their IoU with the pick (≥ the threshold). */
  suppressed: { index: number; iou: number }[];
}

/** One object placed in the notes' S×S grid. */
export interface LabGridObject {
  candidate: number;
  label: string;
  row: number;
  col: number;
  /** Midpoint relative to the cell (0..1), height and width relative to the cell size (may exceed 1). */
  bx: number;
  by: number;
  bh: number;
  bw: number;
  /** IoU of the object's shape with each anchor (both centred), and the anchor it is assigned to. */
  anchorIou: number[];
  anchor: number;
  /** True when an earlier object already took this cell and anchor (the notes' failure case). */
  conflict: boolean;
}

export interface LabYoloResult {
  width: number;
  height: number;
  model: string;
  inputSize: number;
  /** The model's own output grid (CenterNet: one centre-point per cell, stride 4). */
  modelGrid: { rows: number; cols: number; stride: number; channels: number };
  conf: number;
  iou: number;
  candidates: LabCandidate[];
  steps: LabNmsStep[];
  /** Candidate indices kept by NMS, in the order they were picked. */
  kept: number[];
  grid: number;
  anchors: [number, number][];
  /** Classes of the target vector, c_1 … c_C. */
  classes: string[];
  targetConf: number;
  objects: LabGridObject[];
  /** The target y, S×S×A×(5 + C) row-major; null where p_c = 0 makes a value "don't care". */
  target: { shape: number[]; data: (number | null)[] };
}

export interface LabIouResult {
  intersection: number;
  union: number;
  iou: number;
  /** The notes' rule: a localization is "correct" when IoU ≥ 0.5. */
  correct: boolean;
}

/** Sliding windows vs their convolutional implementation, on one picture scaled to side×side. */
export interface LabSlidingRequest {
  image: Uint8Array;
  /** Even, 14–48 (default 28: 8×8 windows of 14×14 at stride 2). */
  side?: number;
  /** Seed of the network's random weights (default 1). */
  seed?: number;
}

export interface LabSlidingResult {
  side: number;
  window: number;
  stride: number;
  windows: { rows: number; cols: number };
  /** Class probabilities per window (row-major), computed window by window with the FC form. */
  windowed: number[][];
  /** The same, from one pass of the convolutional form. */
  convolutional: number[][];
  maxAbsDiff: number;
  macs: { perWindow: number; windowed: number; convolutional: number; ratio: number };
  windowNet: InspectReport;
  convNet: InspectReport;
}

/** Verification vs recognition with Siamese encodings, on the largest face of each picture. */
export interface LabVerifyRequest {
  images: { name: string; data: Uint8Array }[];
  /** Cosine threshold τ (default: the faces engine's). */
  tau?: number;
}

export interface LabVerifyFace {
  name: string;
  found: boolean;
  box?: [number, number, number, number];
  score?: number;
  /** The aligned 112×112 crop the encoding f(x) is computed from, as JPEG. */
  crop?: Uint8Array;
}

export interface LabVerifyResult {
  tau: number;
  /** The same threshold on the squared distance of unit vectors: ‖a − b‖² = 2 − 2·cos, so d ≤ 2 − 2τ. */
  dTau: number;
  faces: LabVerifyFace[];
  /** ‖f(x_i) − f(x_j)‖², null where a picture has no face. */
  distance: (number | null)[][];
  cosine: (number | null)[][];
  /** Verification (1:1): every pair, "same person" when cos ≥ τ. */
  pairs: { a: number; b: number; d: number; cos: number; same: boolean }[];
  /** Recognition (1:K): each face against all the others; the nearest, or unknown below τ. */
  recognition: { index: number; nearest: number | null; cos: number | null; answer: string }[];
}

/** Classification with localization and landmarks: the notes' output vectors for a real detection and a real face. */
export interface LabLocalizeRequest {
  image: Uint8Array;
  /** The classes c_1 … c_C of y (default the notes' pedestrian, car, motorcycle = person, car, motorcycle). */
  classes?: string[];
}

export interface LabLocalizeResult {
  width: number;
  height: number;
  classes: string[];
  /** The detector's boxes (best first), each with its y; y = [0, ?, …] when its class is not one of `classes`. */
  detections: {
    label: string;
    score: number;
    box: [number, number, number, number];
    /** [p_c, b_x, b_y, b_h, b_w, c_1 … c_C], b_* as fractions of the image (top-left (0, 0), bottom-right (1, 1)); null = "don't care". */
    y: (number | null)[];
  }[];
  /** The largest face: its 68 landmarks and the vector [l_1x, l_1y, …, l_68x, l_68y] as fractions of the image. */
  face?: { box: [number, number, number, number]; landmarks: [number, number][]; vector: number[] };
}

/** Neural style costs of a content, a style and a generated image (e.g. a finished stylization). */
export interface LabStyleCostsRequest {
  content: Uint8Array;
  style: Uint8Array;
  /** The generated image G (default: the content image itself, where J_content = 0). */
  generated?: Uint8Array;
  /** Long side the content and generated images are seen at (default 128). */
  size?: number;
}

export interface LabStyleLayerCost {
  layer: string;
  /** λ^[l]. */
  lambda: number;
  /** n_C of the layer (the Gram is n_C × n_C). */
  channels: number;
  /** J_style^[l] = ‖Ĝ(S) − Ĝ(G)‖²_F / (2·n_C)², Ĝ = Gram / (n_H·n_W). */
  cost: number;
  /** Gram matrices as PNG heatmaps on one shared scale (style, generated). */
  gramStyle: Uint8Array;
  gramGenerated: Uint8Array;
}

export interface LabStyleCostsResult {
  width: number;
  height: number;
  contentLayer: string;
  contentShape: [number, number, number];
  /** J_content = ½‖a(C) − a(G)‖² at the content layer. */
  jContent: number;
  layers: LabStyleLayerCost[];
  /** Σ λ^[l] J_style^[l] / Σ λ. */
  jStyle: number;
  /** The style engine's default weights. */
  alpha: number;
  beta: number;
  /** J as the style engine's optimizer sees it: α·J_content/‖a(C)‖² + β·Σ λ ‖ΔGram‖²/‖Gram(S)‖² / Σ λ (no TV term). */
  j: number;
}

/** Triplet loss on labelled faces, and a learned per-dimension projection checked on held-out pairs. */
export interface LabTripletRequest {
  /** Pictures with the person they show; `heldOut` pictures are kept out of training and only used to score verification. */
  images: { name: string; person: string; heldOut?: boolean; data: Uint8Array }[];
  /** Margin α (default 0.2). */
  alpha?: number;
  /** Gradient steps of the projection (default 300; 0 skips it). */
  steps?: number;
}

export interface LabTriplet {
  anchor: number;
  positive: number;
  negative: number;
  dAP: number;
  dAN: number;
  /** L(A, P, N) = max(d(A, P) − d(A, N) + α, 0). */
  loss: number;
}

export interface LabTripletResult {
  alpha: number;
  faces: { name: string; person: string; heldOut: boolean; found: boolean }[];
  /** Training triplets, hardest first (smallest d(A, N) − d(A, P)). */
  triplets: LabTriplet[];
  tripletCount: number;
  /** J = Σ L over the training triplets, with the frozen encodings. */
  j: number;
  projection?: {
    steps: number;
    /** J over the training triplets after learning the projection. */
    jAfter: number;
    /** Verification on held-out pairs (a threshold chosen on the training pairs), before and after. */
    heldOutPairs: number;
    accuracyBefore: number;
    accuracyAfter: number;
    /** The projection is kept only when it improves held-out accuracy. */
    adopted: boolean;
  };
}

// ───────────────────────────── faces: personalization (issue #17 item 8) ─────────────────────────────

/** A gallery's learned projection: what it was learned for and how it was judged. */
export interface PersonalizationInfo {
  /** The embedding model tag it was learned for; any other tag ignores it. */
  model: string;
  version: string;
  alpha: number;
  /** Adam steps taken. */
  steps: number;
  trainFaces: number;
  heldOutFaces: number;
  /** Pairs with a held-out member, on which accuracy is counted. */
  heldOutPairs: number;
  /** The τ the accuracies were counted at (same ⇔ cosine ≥ τ). */
  tau: number;
  accuracyBefore: number;
  accuracyAfter: number;
  /** ISO time of training. */
  trained: string;
}

export interface PersonalizationStatus {
  /** Whether verify and recognize apply a projection now (one learned for the current embedding tag). */
  active: boolean;
  projection?: PersonalizationInfo;
  /** The current embedding tag. */
  model: string;
  version: string;
}

export interface PersonalizeResult extends PersonalizationInfo {
  /** Training triplets (the hardest, capped) and the mean loss J/T before and after. */
  triplets: number;
  meanLossBefore: number;
  meanLossAfter: number;
  /** Stored and applied only when held-out accuracy rose; otherwise the gallery is left as it was. */
  adopted: boolean;
}

// ───────────────────────────── style: costs of a running job (issue #17 item 9) ─────────────────────────────

/** J_content, J_style per layer with λ and the Grams of a style job's generated image now (the current iterate while it runs). */
export interface StyleJobCosts extends LabStyleCostsResult {
  jobId: string;
  status: StyleResult['status'];
  /** The iterate the costs were read at, of the job's total. */
  iteration: number;
  iterations: number;
}

/** A live face frame's answer. */
export interface FaceFrameResult extends RecognizeResult, LiveFrameMeta {}

export type StylePreset = 'fast' | 'balanced' | 'quality';

/** Every engine's defaults, as the engines export them. */
export interface EngineDefaults {
  detection: {
    model: string;
    conf: number;
    iou: number;
    maxDet: number;
    agnostic: boolean;
    inputSize: number;
    /** Input size of live frames for the default model. */
    liveInputSize: number;
  };
  faces: { tau: number; detector: FaceDetectorName };
  style: Required<Omit<StyleOptions, 'styleBlendWeights' | 'initImage'>>;
  /** Speed/quality presets: each changes only size, iterations and schedule; weights stay the defaults. */
  stylePresets: Record<StylePreset, StyleOptions>;
}

// ───────────────────────────── the API ─────────────────────────────

/** Every request channel with its request and response type. */
export interface Api {
  'vw:app.info': { req: Record<string, never>; res: AppInfo };
  'vw:app.doctor': { req: Record<string, never>; res: DoctorReport };
  'vw:app.hostState': { req: Record<string, never>; res: HostState };
  /** The engines' defaults and presets, stated once engine-side (clients never restate them). */
  'vw:app.defaults': { req: Record<string, never>; res: EngineDefaults };

  'vw:models.list': { req: Record<string, never>; res: ModelInfo[] };
  'vw:models.prepare': { req: { ids?: string[] }; res: ModelInfo[] };
  /** Download optional models (issue 15); refused with E_LICENSE_REQUIRED unless each one's licenseGate.accept is in acceptLicense. Progress: vw:models.onDidProgress. */
  'vw:models.add': { req: { ids: string[]; acceptLicense: string[] }; res: ModelInfo[] };
  'vw:models.inspect': {
    req: { model?: string; onnx?: Uint8Array; inputShape?: number[] };
    res: InspectReport;
  };
  /**
   * Import a detector you bring (.onnx bytes): validated, stored in the user's
   * models directory, and from then on named by the returned id
   * (`DetectOptions.model`). Importing the same bytes again returns the same id.
   */
  'vw:models.import': { req: ImportModelRequest; res: DetectionModelInfo };

  'vw:detection.detect': { req: { image: Uint8Array; options?: DetectOptions }; res: DetectResult };
  'vw:detection.frame': {
    req: { frame: RawFrame; options?: DetectOptions & { track?: boolean; streamId?: string } };
    /** null when a newer frame replaced this one before inference started. */
    res: FrameResult | null;
  };
  'vw:detection.models': { req: Record<string, never>; res: DetectionModelInfo[] };
  /** Remove an imported detector (by its id): its sessions are released and its file deleted. */
  'vw:detection.removeModel': { req: { id: string }; res: { removed: string } };

  'vw:faces.enroll': {
    req: { name: string; images: { name: string; data: Uint8Array }[] };
    res: EnrollResult;
  };
  'vw:faces.recognize': { req: { image: Uint8Array; tau?: number; detector?: FaceDetectorName }; res: RecognizeResult };
  'vw:faces.frame': {
    req: { frame: RawFrame; tau?: number; streamId?: string; detector?: FaceDetectorName };
    /** null when a newer frame replaced this one before inference started. */
    res: FaceFrameResult | null;
  };
  'vw:faces.verify': { req: { a: Uint8Array; b: Uint8Array; tau?: number; detector?: FaceDetectorName }; res: VerifyResult };
  'vw:faces.list': { req: Record<string, never>; res: Person[] };
  'vw:faces.faces': { req: { personId: number }; res: FaceRecord[] };
  'vw:faces.thumbnail': { req: { faceId: number }; res: { jpeg: Uint8Array } };
  'vw:faces.rename': { req: { personId: number; name: string }; res: Person };
  'vw:faces.merge': { req: { from: number; into: number }; res: Person };
  'vw:faces.removePerson': { req: { personId: number }; res: { removed: number } };
  'vw:faces.removeFace': { req: { faceId: number }; res: { removed: number } };
  /** Give a stored face to another person (a person left without faces is removed); answers that person. */
  'vw:faces.moveFace': { req: { faceId: number; toPersonId: number }; res: Person };
  'vw:faces.reject': { req: { faceId: number; notPersonId: number }; res: { ok: true } };
  /**
   * "Not this person" on a recognize result (issue 13): the probe's face nearest `box` is kept under
   * `notPersonId`, already rejected for them, so it never counts for them and the same probe (or any
   * face nearer to it than to their own faces) is no longer matched to them. Deleting that face undoes it.
   */
  'vw:faces.rejectProbe': {
    req: {
      image: Uint8Array;
      box: [number, number, number, number];
      notPersonId: number;
      source?: string;
      detector?: FaceDetectorName;
    };
    res: { ok: true; faceId: number };
  };
  'vw:faces.calibrate': { req: Record<string, never>; res: CalibrationReport };
  'vw:faces.setTau': { req: { tau: number }; res: { tau: number } };
  'vw:faces.reembed': { req: Record<string, never>; res: ReembedResult };
  /** Portable gallery export: UTF-8 JSON (persons, faces, crops, embeddings with their model version). */
  'vw:faces.export': { req: Record<string, never>; res: { json: Uint8Array } };
  'vw:faces.import': { req: { json: Uint8Array }; res: GalleryImportResult };
  /** The gallery in use (SQLite file or team PostgreSQL) and whether this client may change it (issue 16). */
  'vw:faces.store': { req: Record<string, never>; res: GalleryStoreInfo };
  /** Switch the gallery: a PostgreSQL URL, or null for the local SQLite file; saved in the app's settings. */
  'vw:faces.useStore': { req: { url: string | null }; res: GalleryStoreInfo };

  'vw:style.start': {
    req: { content: Uint8Array; styles: Uint8Array[]; options?: StyleOptions };
    res: { jobId: string };
  };
  'vw:style.cancel': { req: { jobId: string }; res: StyleResult };
  'vw:style.result': { req: { jobId: string; wait?: boolean }; res: StyleResult };

  'vw:lab.convolve': { req: LabConvolveRequest; res: { output: Matrix; outputSize: { rows: number; cols: number } } };
  'vw:lab.pool': { req: LabPoolRequest; res: { output: Matrix; outputSize: { rows: number; cols: number } } };
  'vw:lab.image': { req: LabImageRequest; res: LabImageResult };
  // lab: the seed's lessons (issue #17)
  'vw:lab.networks': { req: Record<string, never>; res: LabNetworkInfo[] };
  'vw:lab.network': { req: { id: LabNetworkId }; res: LabNetworkReport };
  'vw:lab.oneByOne': { req: OneByOneRequest; res: OneByOneResult };
  'vw:lab.largeImage': { req: LargeImageRequest; res: LargeImageResult };
  'vw:lab.yolo': { req: LabYoloRequest; res: LabYoloResult };
  'vw:lab.sliding': { req: LabSlidingRequest; res: LabSlidingResult };
  'vw:lab.verify': { req: LabVerifyRequest; res: LabVerifyResult };
  'vw:lab.localize': { req: LabLocalizeRequest; res: LabLocalizeResult };
  'vw:lab.styleCosts': { req: LabStyleCostsRequest; res: LabStyleCostsResult };
  'vw:lab.triplet': { req: LabTripletRequest; res: LabTripletResult };
  'vw:lab.iou': { req: { a: [number, number, number, number]; b: [number, number, number, number] }; res: LabIouResult };
  // faces: personalization (issue #17 item 8)
  'vw:faces.personalization': { req: Record<string, never>; res: PersonalizationStatus };
  'vw:faces.personalize': { req: { steps?: number }; res: PersonalizeResult };
  'vw:faces.removePersonalization': { req: Record<string, never>; res: { removed: boolean } };
  // style: costs of a running job (issue #17 item 9)
  'vw:style.costs': { req: { jobId: string; size?: number }; res: StyleJobCosts };
}

/** Every event with its payload. */
export interface Events {
  'vw:app.onDidChangeHostState': HostState;
  'vw:models.onDidProgress': ModelsProgress;
  'vw:faces.onDidChangeGallery': { persons: number; faces: number };
  'vw:style.onDidProgress': StyleProgress;
  'vw:style.onDidFinish': StyleResult;
}

export type Channel = keyof Api;
export type EventName = keyof Events;
export type Req<C extends Channel> = Api[C]['req'];
export type Res<C extends Channel> = Api[C]['res'];

/**
 * The one client interface the renderer uses. Implemented over the preload
 * (Electron) and over WebSocket (vws serve); React code never knows which.
 */
export interface VwClient {
  call<C extends Channel>(channel: C, req: Req<C>, opts?: { requestId?: string }): Promise<Res<C>>;
  cancel(requestId: string): void;
  on<E extends EventName>(event: E, listener: (body: Events[E]) => void): () => void;
  readonly transport: 'ipc' | 'websocket';
}

/** The envelope of every IPC answer (main → preload → renderer). */
export type IpcAnswer = { ok: true; body: unknown } | { ok: false; error: ErrorPayload };

/** What the preload exposes as `window.vw` (named functions only). */
export interface PreloadApi {
  invoke(channel: Channel, requestId: string, req: unknown): Promise<IpcAnswer>;
  cancel(requestId: string): void;
  on(event: EventName, listener: (body: unknown) => void): () => void;
  versions: { electron: string; chrome: string; node: string };
}

/** A typed error as returned by `call` when it rejects. */
export interface VwClientError extends Error {
  code: ErrorCode;
  hint?: string;
  details?: unknown;
}
