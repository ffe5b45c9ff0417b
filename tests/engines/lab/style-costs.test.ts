/** The notes' style costs on the style engine's feature network, for the content, the style and a real stylization. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { modelResolver } from '../../../main/models/resolver';
import { StyleCostsLesson } from '../../../main/lab/style-costs';
import { StyleEngine } from '../../../main/style/engine';

const rd = (f: string) => new Uint8Array(fs.readFileSync(path.resolve(import.meta.dirname, '../../fixtures/style', f)));
const content = rd('tubingen.jpg');
const style = rd('starry_night.jpg');
const models = modelResolver();
const lesson = new StyleCostsLesson({ models });
afterAll(() => lesson.dispose());

describe('neural style costs', () => {
  it('G = C: J_content = 0; five style layers with λ = 1 and their Grams', async () => {
    const r = await lesson.run({ content, style });
    expect([r.width, r.height]).toEqual([128, 96]);
    expect(r.contentLayer).toBe('expanded_conv_5/add');
    expect(r.jContent).toBe(0);
    expect(r.layers.map((l) => [l.lambda, l.channels])).toEqual([
      [1, 16],
      [1, 64],
      [1, 72],
      [1, 96],
      [1, 192],
    ]);
    for (const l of r.layers) {
      expect(l.cost).toBeGreaterThan(0);
      expect([...l.gramStyle.slice(1, 4)]).toEqual([0x50, 0x4e, 0x47]); // PNG
    }
    expect(r.jStyle).toBeCloseTo(r.layers.reduce((s, l) => s + l.cost, 0) / 5, 10);
    // G = C: only the style terms count in the engine's J.
    expect(r.j).toBeGreaterThan(0);
    expect([r.alpha, r.beta]).toEqual([1, 30]);
  });

  it('a real stylization lowers J_style below the content image’s and moves away from the content', async () => {
    const before = await lesson.run({ content, style });
    const engine = new StyleEngine({ models });
    try {
      const done = await engine.stylize({ content, styles: [style], options: { size: 128, iterations: 20 } });
      const after = await lesson.run({ content, style, generated: done.png });
      expect(after.jStyle).toBeLessThan(before.jStyle / 2);
      expect(after.jContent).toBeGreaterThan(0);
      // The optimizer minimised the engine's J (plus TV): it ends far below where it started (G = C).
      expect(after.j).toBeLessThan(before.j / 2);
      // The style image as G has nearly its own Grams (only the resize differs): far below the content's J_style.
      const self = await lesson.run({ content, style, generated: style });
      expect(self.jStyle).toBeLessThan(before.jStyle / 10);
    } finally {
      await engine.dispose();
    }
  });
});
