import { useObjectUrl } from '../../hooks/useObjectUrl';

export function StyleImage({
  file,
  weight,
  onWeight,
  onRemove,
}: {
  file: File;
  weight: number;
  onWeight: (w: number) => void;
  onRemove: () => void;
}) {
  const url = useObjectUrl(file);
  return (
    <li className="row">
      {url && <img className="thumb" src={url} alt={`Style ${file.name}`} />}
      <label>
        weight {weight.toFixed(1)}{' '}
        <input
          type="range"
          min={0}
          max={2}
          step={0.1}
          value={weight}
          onChange={(e) => onWeight(+e.target.value)}
          aria-label={`Blend weight of ${file.name}`}
        />
      </label>
      <button type="button" onClick={onRemove} aria-label={`Remove ${file.name}`}>
        ×
      </button>
    </li>
  );
}
