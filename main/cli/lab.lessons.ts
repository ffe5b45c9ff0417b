/** `vws lab network|one-by-one|large-image|…` — the seed's other lessons (issue #17). */
import type { Command } from 'commander';
import type { LabNetworkId } from '../../preload/contract';
import { VwError } from '../errors';
import { largeImage, oneByOne } from '../lab/costs';
import { describeNetwork, listNetworks, NETWORK_IDS } from '../lab/networks';
import { formatInspectTable } from '../models/inspect';
import type { CliContext } from './context';
import { readImageFile } from '../imaging/decode';
import { YoloLesson } from '../lab/yolo.lesson';
import { iouReport } from '../lab/yolo';
import { slidingWindows } from '../lab/sliding';
import { VerificationLesson } from '../lab/verification';
import { localize } from '../lab/localization';
import { StyleCostsLesson } from '../lab/style-costs';
import { tripletLesson } from '../lab/triplet';
import fs from 'node:fs';
import { DetectionService } from '../detection/service';
import { FacePipeline } from '../faces/pipeline';
import path from 'node:path';

function int(value: string, what: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new VwError('E_BAD_ARGUMENT', `${what} must be a whole number ≥ 1; got "${value}".`);
  return n;
}

const fmt = (n: number): string => n.toLocaleString('en-US');

export function registerLessonCommands(lab: Command, ctx: CliContext): void {
  lab
    .command('network [id]')
    .description(`layer table of a classic network (${NETWORK_IDS.join(', ')}); without an id, list them`)
    .action((id: string | undefined) => {
      if (!id) {
        const list = listNetworks();
        ctx.output(list, () => list.forEach((n) => process.stdout.write(`${n.id.padEnd(18)} ${n.title} — ${n.source}\n`)));
        return;
      }
      if (!NETWORK_IDS.includes(id as LabNetworkId))
        throw new VwError('E_BAD_ARGUMENT', `Unknown network "${id}".`, { hint: `Use one of: ${NETWORK_IDS.join(', ')}.` });
      const r = describeNetwork(id as LabNetworkId);
      ctx.output(r, () => process.stdout.write(`${r.title} (${r.source})\n${formatInspectTable(r)}\n`));
    });

  lab
    .command('one-by-one')
    .description("multiplications of an f×f conv directly vs after a 1×1 bottleneck (the notes' 28×28×192 → 32 example)")
    .option('--height <n>', 'n_H', '28')
    .option('--width <n>', 'n_W', '28')
    .option('--channels <n>', 'n_C of the input', '192')
    .option('--f <n>', 'filter size', '5')
    .option('--filters <n>', 'filters of the f×f conv', '32')
    .option('--bottleneck <n>', 'filters of the 1×1 conv', '16')
    .action((o: Record<'height' | 'width' | 'channels' | 'f' | 'filters' | 'bottleneck', string>) => {
      const r = oneByOne({
        height: int(o.height, 'n_H'),
        width: int(o.width, 'n_W'),
        channels: int(o.channels, 'n_C'),
        f: int(o.f, 'f'),
        filters: int(o.filters, 'filters'),
        bottleneck: int(o.bottleneck, 'bottleneck'),
      });
      ctx.output(r, () =>
        process.stdout.write(
          `direct ${o.f}×${o.f} conv: ${fmt(r.direct)} multiplications\n` +
            `1×1 to ${o.bottleneck} then ${o.f}×${o.f}: ${fmt(r.reduce)} + ${fmt(r.expand)} = ${fmt(r.bottlenecked)} (${r.ratio.toFixed(2)}× fewer)\n` +
            `Inception (3a) 5×5 branch: ${fmt(r.inception3a.reduce)} + ${fmt(r.inception3a.expand)} = ${fmt(r.inception3a.total)}\n`,
        ),
      );
    });

  lab
    .command('large-image')
    .description("parameters of a dense layer vs a conv layer on a large image (the notes' 1000×1000×3)")
    .option('--height <n>', 'n_H', '1000')
    .option('--width <n>', 'n_W', '1000')
    .option('--channels <n>', 'n_C', '3')
    .option('--units <n>', 'units of the dense layer', '1000')
    .option('--f <n>', 'conv filter size', '3')
    .option('--filters <n>', 'conv filters', '1000')
    .action((o: Record<'height' | 'width' | 'channels' | 'units' | 'f' | 'filters', string>) => {
      const r = largeImage({
        height: int(o.height, 'n_H'),
        width: int(o.width, 'n_W'),
        channels: int(o.channels, 'n_C'),
        units: int(o.units, 'units'),
        f: int(o.f, 'f'),
        filters: int(o.filters, 'filters'),
      });
      ctx.output(r, () =>
        process.stdout.write(
          `${fmt(r.inputs)} inputs → dense ${o.units}: ${fmt(r.denseParams)} parameters; conv ${o.f}×${o.f}×${o.filters}: ${fmt(r.convParams)} (${fmt(Math.round(r.ratio))}× fewer)\n`,
        ),
      );
    });

  lab
    .command('yolo <image>')
    .description("YOLO step by step on the bundled detector: pre-NMS candidates, NMS one pick at a time, the notes' S×S×A×(5+C) target")
    .option('--conf <p>', 'drop candidates below this p_c', '0.1')
    .option('--iou <t>', 'NMS discards IoU ≥ this', '0.5')
    .option('--grid <S>', 'the notes’ S×S grid', '3')
    .option('--classes <names>', 'target classes, comma-separated COCO names', 'person,car,motorcycle')
    .action(async (file: string, o: { conf: string; iou: string; grid: string; classes: string }) => {
      const lesson = new YoloLesson({ resolve: ctx.models() });
      try {
        const r = await lesson.run({
          image: await readImageFile(file),
          conf: Number(o.conf),
          iou: Number(o.iou),
          grid: int(o.grid, 'The grid'),
          classes: o.classes.split(',').map((c) => c.trim()),
        });
        ctx.output(r, () => {
          const g = r.modelGrid;
          process.stdout.write(
            `${file}: ${r.width}×${r.height}; ${r.model} grid ${g.rows}×${g.cols} (stride ${g.stride}); ${r.candidates.length} candidates ≥ ${r.conf}\n`,
          );
          r.steps.forEach((s, i) => {
            const c = r.candidates[s.pick]!;
            const gone = s.suppressed.map((x) => `#${x.index} (IoU ${x.iou.toFixed(3)})`).join(', ');
            process.stdout.write(`step ${i + 1}: ${s.label} keep #${s.pick} p_c ${c.score}${gone ? `; discard ${gone}` : ''}\n`);
          });
          process.stdout.write(`target y: ${r.target.shape.join('×')}, classes ${r.classes.join(', ')}\n`);
          for (const ob of r.objects)
            process.stdout.write(
              `  ${ob.label} → cell (${ob.row}, ${ob.col}), anchor ${ob.anchor + 1}${ob.conflict ? ' (cell and anchor taken)' : ''}\n`,
            );
        });
      } finally {
        await lesson.dispose();
      }
    });

  lab
    .command('iou <a> <b>')
    .description('IoU of two boxes given as x1,y1,x2,y2 ("correct" if ≥ 0.5)')
    .action((a: string, b: string) => {
      const box = (s: string) => {
        const v = s.split(',').map(Number);
        if (v.length !== 4) throw new VwError('E_BAD_ARGUMENT', `"${s}" is not a box.`, { hint: 'Write it as x1,y1,x2,y2.' });
        return v as [number, number, number, number];
      };
      const r = iouReport(box(a), box(b));
      ctx.output(r, () =>
        process.stdout.write(
          `IoU = ${r.intersection} / ${r.union} = ${r.iou.toFixed(4)} → ${r.correct ? 'correct' : 'not correct'} (≥ 0.5)\n`,
        ),
      );
    });

  lab
    .command('sliding <image>')
    .description("the notes' sliding-window network run window by window and as convolutions on the same picture")
    .option('--side <n>', 'scale the picture to n×n (even, 14–48)', '28')
    .option('--seed <n>', 'seed of the random weights', '1')
    .action(async (file: string, o: { side: string; seed: string }) => {
      const r = await slidingWindows({ image: await readImageFile(file), side: int(o.side, 'The side'), seed: Number(o.seed) });
      ctx.output(r, () =>
        process.stdout.write(
          `${r.windows.rows}×${r.windows.cols} windows of ${r.window}×${r.window}: max |difference| ${r.maxAbsDiff.toExponential(1)}; ` +
            `MACs ${fmt(r.macs.windowed)} window by window vs ${fmt(r.macs.convolutional)} convolutionally (${r.macs.ratio.toFixed(2)}×)\n`,
        ),
      );
    });

  lab
    .command('verify <images...>')
    .description('verification vs recognition: ‖f(x1) − f(x2)‖² next to cosine for the largest face of each picture')
    .option('--tau <t>', 'cosine threshold τ (default: the faces engine’s)')
    .action(async (files: string[], o: { tau?: string }) => {
      const pipeline = new FacePipeline({ models: ctx.models() });
      const lesson = new VerificationLesson(pipeline);
      try {
        const images = await Promise.all(files.map(async (f) => ({ name: path.basename(f), data: await readImageFile(f) })));
        const r = await lesson.run({ images, tau: o.tau === undefined ? undefined : Number(o.tau) });
        ctx.output(r, () => {
          process.stdout.write(`τ = ${r.tau} on cos ⇔ d = ‖f(x1) − f(x2)‖² ≤ ${r.dTau.toFixed(2)}\n`);
          for (const p of r.pairs)
            process.stdout.write(
              `${r.faces[p.a]!.name} vs ${r.faces[p.b]!.name}: d ${p.d.toFixed(4)}  cos ${p.cos.toFixed(4)}  ${p.same ? 'same' : 'different'}\n`,
            );
          for (const x of r.recognition) process.stdout.write(`${r.faces[x.index]!.name} → ${x.answer}\n`);
        });
      } finally {
        await pipeline.dispose();
      }
    });

  lab
    .command('localize <image>')
    .description("the notes' y = [p_c, b_x, b_y, b_h, b_w, c_1…] for each detection and the 68-landmark vector of the largest face")
    .option('--classes <names>', 'classes c_1 … c_C, comma-separated COCO names', 'person,car,motorcycle')
    .action(async (file: string, o: { classes: string }) => {
      const detection = new DetectionService({ models: ctx.models() });
      const pipeline = new FacePipeline({ models: ctx.models() });
      try {
        const r = await localize(
          { image: await readImageFile(file), classes: o.classes.split(',').map((c) => c.trim()) },
          detection,
          pipeline,
        );
        ctx.output(r, () => {
          process.stdout.write(`y = [p_c, b_x, b_y, b_h, b_w, ${r.classes.map((c, i) => `c${i + 1} ${c}`).join(', ')}]\n`);
          for (const d of r.detections)
            process.stdout.write(`${d.label} ${d.score}: [${d.y.map((v) => (v === null ? '?' : v)).join(', ')}]\n`);
          if (r.face)
            process.stdout.write(`face landmarks (${r.face.vector.length} numbers): [${r.face.vector.slice(0, 6).join(', ')}, …]\n`);
          else process.stdout.write('no face\n');
        });
      } finally {
        await Promise.all([detection.dispose(), pipeline.dispose()]);
      }
    });

  lab
    .command('style-costs <content> <style> [generated]')
    .description("the notes' J_content, J_style per layer (with λ) and J for a generated image (default: the content itself)")
    .option('--size <n>', 'long side the images are seen at', '128')
    .action(async (content: string, style: string, generated: string | undefined, o: { size: string }) => {
      const lesson = new StyleCostsLesson({ models: ctx.models() });
      try {
        const r = await lesson.run({
          content: await readImageFile(content),
          style: await readImageFile(style),
          generated: generated ? await readImageFile(generated) : undefined,
          size: int(o.size, 'The size'),
        });
        ctx.output(r, () => {
          process.stdout.write(`J_content at ${r.contentLayer}: ${r.jContent.toPrecision(6)}\n`);
          for (const l of r.layers)
            process.stdout.write(`J_style ${l.layer} (n_C ${l.channels}, λ ${l.lambda}): ${l.cost.toPrecision(6)}\n`);
          process.stdout.write(
            `J_style ${r.jStyle.toPrecision(6)}; J as the engine weighs it (α ${r.alpha}, β ${r.beta}, relative terms): ${r.j.toPrecision(6)}\n`,
          );
        });
      } finally {
        await lesson.dispose();
      }
    });

  lab
    .command('triplet <gallery>')
    .description(
      'triplet loss on a folder of person folders (gallery/<person>/*.jpg), and a learned projection judged on --held-out pictures',
    )
    .option('--held-out <dir>', 'a folder of person folders kept out of training')
    .option('--alpha <a>', 'margin α', '0.2')
    .option('--steps <n>', 'gradient steps of the projection', '300')
    .action(async (gallery: string, o: { heldOut?: string; alpha: string; steps: string }) => {
      const read = (dir: string, heldOut: boolean) =>
        fs
          .readdirSync(dir, { withFileTypes: true })
          .flatMap((p) =>
            p.isDirectory()
              ? fs
                  .readdirSync(path.join(dir, p.name))
                  .map((f) => ({ name: f, person: p.name, heldOut, data: new Uint8Array(fs.readFileSync(path.join(dir, p.name, f))) }))
              : [],
          );
      const pipeline = new FacePipeline({ models: ctx.models() });
      try {
        const images = [...read(gallery, false), ...(o.heldOut ? read(o.heldOut, true) : [])];
        const r = await tripletLesson({ images, alpha: Number(o.alpha), steps: int(o.steps, 'steps') }, pipeline);
        ctx.output(r, () => {
          const nm = (i: number) => `${r.faces[i]!.person}/${r.faces[i]!.name}`;
          process.stdout.write(`${r.tripletCount} triplets, α = ${r.alpha}, J = ${r.j.toFixed(4)}; hardest:\n`);
          for (const t of r.triplets.slice(0, 5))
            process.stdout.write(
              `  A ${nm(t.anchor)}  P ${nm(t.positive)}  N ${nm(t.negative)}: d(A,P) ${t.dAP.toFixed(3)}  d(A,N) ${t.dAN.toFixed(3)}  L ${t.loss.toFixed(3)}\n`,
            );
          const pr = r.projection;
          if (pr)
            process.stdout.write(
              `projection: J ${r.j.toFixed(4)} → ${pr.jAfter.toFixed(4)}; held-out accuracy ${pr.accuracyBefore.toFixed(3)} → ${pr.accuracyAfter.toFixed(3)} on ${pr.heldOutPairs} pairs: ${pr.adopted ? 'adopted' : 'not adopted'}\n`,
            );
        });
      } finally {
        await pipeline.dispose();
      }
    });
}
