/** `vws val` — mAP of a detector on a labelled dataset (COCO JSON or a YOLO folder), with per-image timings. */
import { Option, type Command } from 'commander';
import { DETECTOR_FAMILIES, type DetectorFamily } from '../detection/family';
import { DetectionService } from '../detection/service';
import { VwError } from '../errors';
import { loadDataset } from '../val/dataset';
import { formatValReport, validate } from '../val/run';
import type { CliContext } from './context';

interface ValCliOptions {
  model: string;
  data: string;
  images?: string;
  conf: string;
  iou: string;
  maxDet: string;
  prConf: string;
  inputSize?: string;
  family?: DetectorFamily;
}

function num(name: string, v: string, min: number, max: number): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max)
    throw new VwError('E_BAD_ARGUMENT', `--${name} needs a number in [${min}, ${max}]; got "${v}".`);
  return n;
}

export function registerValCommands(program: Command, ctx: CliContext): void {
  program
    .command('val')
    .description('mAP@0.5 and mAP@0.5:0.95 (COCO 101-point) of a detector on a labelled dataset, per class, with timings')
    .requiredOption('--data <coco.json|dir>', 'a COCO JSON annotation file or a YOLO folder (images/ + labels/)')
    .option('--model <id|path>', 'model id (centernet, yolov8n, …) or a YOLO-family .onnx file', 'centernet')
    .option('--images <dir>', 'folder the COCO file’s image paths are relative to (default: the file’s folder)')
    .option('--conf <c>', 'detection threshold for the precision/recall curve', '0.001')
    .option('--iou <t>', 'NMS IoU threshold', '0.7')
    .option('--max-det <n>', 'detections per image', '100')
    .option('--pr-conf <c>', 'confidence at which precision and recall are reported', '0.25')
    .addOption(new Option('--input-size <n>', 'square model input side where the model allows it'))
    .addOption(new Option('--family <name>', 'decoder family of a user model').choices([...DETECTOR_FAMILIES]))
    .action(async (o: ValCliOptions) => {
      const settings = {
        conf: num('conf', o.conf, 0, 1),
        iou: num('iou', o.iou, 0.01, 1),
        maxDet: Math.round(num('max-det', o.maxDet, 1, 10_000)),
        prConf: num('pr-conf', o.prConf, 0, 1),
      };
      const inputSize = o.inputSize ? num('input-size', o.inputSize, 32, 4096) : undefined;
      const dataset = loadDataset(o.data, o.images);
      const service = new DetectionService({ models: ctx.models() });
      try {
        const detector = service.models.get(o.model, inputSize, o.family);
        await detector.load();
        const report = await validate(
          dataset,
          (bytes, s) => service.detect(bytes, { ...s, model: o.model, inputSize, family: o.family }),
          { model: o.model, labels: detector.labels },
          { ...settings, onImage: (i, n, im) => ctx.progress(`val ${i + 1}/${n} ${im.id}`) },
        );
        ctx.progress('');
        ctx.output(report, () => process.stdout.write(formatValReport(report) + '\n'));
      } finally {
        await service.dispose();
      }
    });
}
