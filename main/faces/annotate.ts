/** Draw recognized faces (box, name or "unknown", similarity) onto an image, for `vws faces recognize --save`. */
import type { RecognizedFace } from '../../preload/contract';
import { drawOverlay, labelledBox } from '../imaging/overlay';

/**
 * @example await fs.writeFile('out.jpg', await annotateFaces(bytes, result.faces));
 */
export async function annotateFaces(image: Uint8Array, faces: readonly RecognizedFace[]): Promise<Uint8Array> {
  return drawOverlay(image, (sc) =>
    faces.map((f) => {
      const color = f.match ? '#2e7d32' : '#c62828';
      const text = f.match
        ? `${f.match.name} ${f.match.similarity.toFixed(2)}`
        : `unknown${f.best ? ` (${f.best.similarity.toFixed(2)})` : ''}`;
      const [, y1, , y2] = f.box;
      const labelY = y2 + sc.font + 4 <= sc.height ? y2 : Math.max(0, y1 - sc.font - 4);
      const dots = f.landmarks.map(([x, y]) => `<circle cx="${x}" cy="${y}" r="${Math.max(1, sc.stroke / 2)}" fill="${color}"/>`).join('');
      return labelledBox(f.box, text, color, sc, labelY, dots);
    }),
  );
}
