/** `vws detect` as a user runs it: a real child process, real model, the fixture folder. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { DetectCliRow } from '../../../main/cli/detection';
import type { CocoResult } from '../../../main/detection/annotate';
import { EXPECTED, FIXTURES, matchedCounts } from '../detection/expected';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

describe('vws detect', () => {
  it('--json prints the result objects, which pass the same expectations; --save and --coco-json write files', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-detect-'));
    const coco = path.join(out, 'coco.json');
    const { stdout } = await run(
      process.execPath,
      ['bin/vws.mjs', 'detect', FIXTURES, '--json', '--save', path.join(out, 'annotated'), '--coco-json', coco],
      {
        cwd: ROOT,
        maxBuffer: 32 << 20,
      },
    );
    const rows = JSON.parse(stdout) as DetectCliRow[];
    expect(rows.map((r) => path.basename(r.file)).sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const row of rows) {
      const exp = EXPECTED[path.basename(row.file)]!;
      expect(row.error).toBeUndefined();
      const got = matchedCounts(exp, row.result!.detections);
      for (const [cls, n] of Object.entries(exp.min_counts)) expect(got[cls], `${cls} in ${row.file}`).toBeGreaterThanOrEqual(n);
    }
    // Annotated copies keep the image size.
    const meta = await sharp(path.join(out, 'annotated', 'dog.jpg')).metadata();
    expect([meta.width, meta.height]).toEqual([768, 576]);
    // COCO results: one entry per detection, [x, y, w, h], COCO category ids (dog = 18).
    const results = JSON.parse(fs.readFileSync(coco, 'utf8')) as CocoResult[];
    expect(results.length).toBe(rows.reduce((n, r) => n + r.result!.detections.length, 0));
    const dogRow = rows.find((r) => r.file.endsWith('dog.jpg'))!.result!.detections.find((d) => d.label === 'dog')!;
    const dogCoco = results.find((r) => r.image_id === 'dog' && r.category_id === 18)!;
    expect(dogCoco.bbox[0]).toBeCloseTo(dogRow.box[0], 1);
    expect(dogCoco.bbox[2]).toBeCloseTo(dogRow.box[2] - dogRow.box[0], 1);
    fs.rmSync(out, { recursive: true, force: true });
  });

  it('refuses an unknown class with a usage error, and reports a bad image without stopping', async () => {
    const bad = await run(process.execPath, ['bin/vws.mjs', 'detect', path.join(FIXTURES, 'dog.jpg'), '--classes', 'unicorn', '--json'], {
      cwd: ROOT,
    }).then(
      () => ({ code: 0, stdout: '' }),
      (e: { code: number; stdout: string }) => e,
    );
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).error.code).toBe('E_BAD_ARGUMENT');

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vws-detect-'));
    fs.writeFileSync(path.join(dir, 'a_not_an_image.jpg'), 'hello');
    fs.copyFileSync(path.join(FIXTURES, 'eagle.jpg'), path.join(dir, 'b_eagle.jpg'));
    const mixed = await run(process.execPath, ['bin/vws.mjs', 'detect', dir, '--json'], { cwd: ROOT }).then(
      () => ({ code: 0, stdout: '' }),
      (e: { code: number; stdout: string }) => e,
    );
    expect(mixed.code).toBe(2);
    const rows = JSON.parse(mixed.stdout) as DetectCliRow[];
    expect(rows[0]!.error!.code).toBe('E_BAD_IMAGE');
    expect(rows[1]!.result!.detections[0]!.label).toBe('bird');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
