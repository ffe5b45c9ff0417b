import { ActionIcon } from '@mantine/core';
import { IconX } from '@tabler/icons-react';
import { Slider } from '../../components/Slider';
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
    <li>
      {url && <img className="thumb" src={url} alt={`Style ${file.name}`} />}
      <Slider
        label={`Weight · ${file.name}`}
        value={weight}
        min={0}
        max={2}
        step={0.1}
        digits={1}
        onChange={onWeight}
        ariaLabel={`Blend weight of ${file.name}`}
      />
      <ActionIcon variant="subtle" color="gray" onClick={onRemove} aria-label={`Remove ${file.name}`}>
        <IconX size={16} />
      </ActionIcon>
    </li>
  );
}
