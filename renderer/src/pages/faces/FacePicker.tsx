import { useObjectUrl } from '../../hooks/useObjectUrl';
import type { Shot } from './enroll-check';

/** A shot with several faces: the user clicks the one to enroll. */
export function FacePicker({ shot, onPick }: { shot: Shot; onPick: (i: number) => void }) {
  const url = useObjectUrl(shot.data, 'image/jpeg');
  const faces = shot.faces ?? [];
  return (
    <div className="face-picker" data-testid="face-picker">
      {url && <img src={url} alt={`${shot.name}: ${faces.length} faces`} data-shot={shot.name} />}
      {url &&
        faces.map((f, i) => {
          const [x1, y1, x2, y2] = f.box;
          return (
            <FaceButton
              key={i}
              shot={shot}
              i={i}
              box={[x1, y1, x2, y2]}
              onPick={onPick}
              label={f.match ? `looks like ${f.match.name}` : 'not enrolled'}
            />
          );
        })}
    </div>
  );
}

function FaceButton({
  shot,
  i,
  box,
  onPick,
  label,
}: {
  shot: Shot;
  i: number;
  box: [number, number, number, number];
  onPick: (i: number) => void;
  label: string;
}) {
  // Percentages of the natural size, set once the image tells its size.
  const ref = (el: HTMLButtonElement | null): void => {
    const img = el?.parentElement?.querySelector('img');
    if (!el || !img) return;
    const place = (): void => {
      const w = img.naturalWidth || 1;
      const h = img.naturalHeight || 1;
      el.style.left = `${(box[0] / w) * 100}%`;
      el.style.top = `${(box[1] / h) * 100}%`;
      el.style.width = `${((box[2] - box[0]) / w) * 100}%`;
      el.style.height = `${((box[3] - box[1]) / h) * 100}%`;
    };
    if (img.complete) place();
    else img.addEventListener('load', place, { once: true });
  };
  return <button ref={ref} type="button" aria-label={`Pick face ${i + 1} of ${shot.name} (${label})`} onClick={() => onPick(i)} />;
}
