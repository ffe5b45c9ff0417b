import { useId, useRef, useState, type DragEvent, type ReactNode } from 'react';
import { Button, Text } from '@mantine/core';
import { IconUpload } from '@tabler/icons-react';
import { useToast } from '../hooks/useToast';

interface Props {
  label: string;
  /** The file input's accept, e.g. "image/*" or ".onnx". */
  accept: string;
  multiple?: boolean;
  onFiles: (files: File[]) => void;
  children?: ReactNode;
  testId?: string;
  disabled?: boolean;
  /** Offer "Choose folder…" as well (every file under it that `accept` takes). */
  folder?: boolean;
  /** Shorter layout for tight places. */
  compact?: boolean;
}

function acceptsFile(accept: string, f: File): boolean {
  return accept.split(',').some((a) => {
    const t = a.trim();
    if (t.endsWith('/*')) return f.type.startsWith(t.slice(0, -1)) || (t === 'image/*' && /\.(jpe?g|png|webp|gif|bmp)$/i.test(f.name));
    if (t.startsWith('.')) return f.name.toLowerCase().endsWith(t.toLowerCase());
    return f.type === t;
  });
}

/** A drop target that is also a keyboard-reachable file (and folder) picker; refused files are named. */
export function DropZone({
  label,
  accept,
  multiple = false,
  onFiles,
  children,
  testId,
  disabled = false,
  folder = false,
  compact = false,
}: Props) {
  const input = useRef<HTMLInputElement>(null);
  const dirInput = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const toast = useToast();
  const id = useId();

  const take = (list: FileList | null): void => {
    const all = Array.from(list ?? []);
    const files = all.filter((f) => acceptsFile(accept, f));
    const refused = all.filter((f) => !acceptsFile(accept, f) && !f.name.startsWith('.'));
    if (refused.length && !files.length)
      toast.info(
        `${refused.length === 1 ? refused[0]!.name : `${refused.length} files`} not used`,
        `${label} takes ${accept.replace('image/*', 'images (JPEG, PNG, WebP)')}.`,
      );
    if (files.length) onFiles(multiple ? files : files.slice(0, 1));
  };

  const onDrop = (e: DragEvent): void => {
    e.preventDefault();
    setOver(false);
    if (!disabled) take(e.dataTransfer.files);
  };

  return (
    <div
      className={`drop-zone${over ? ' drop-over' : ''}${disabled ? ' drop-disabled' : ''}${compact ? ' drop-compact' : ''}`}
      data-testid={testId}
      onDragOver={(e) => {
        e.preventDefault();
        e.dataTransfer.dropEffect = disabled ? 'none' : 'copy';
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      aria-describedby={id}
    >
      <div className="drop-row">
        <IconUpload size={compact ? 18 : 22} className="drop-icon" aria-hidden="true" />
        <Text id={id} size="sm" className="drop-label">
          <strong>{label}</strong>
          <br />
          <span className="drop-sub">drop {multiple ? 'files' : 'a file'} here or</span>
        </Text>
        <div className="drop-buttons">
          <Button size="xs" variant="default" disabled={disabled} onClick={() => input.current?.click()}>
            Choose…
          </Button>
          {folder && (
            <Button size="xs" variant="default" disabled={disabled} onClick={() => dirInput.current?.click()}>
              Folder…
            </Button>
          )}
        </div>
      </div>
      <input
        ref={input}
        type="file"
        hidden
        accept={accept}
        multiple={multiple}
        aria-label={label}
        onChange={(e) => {
          take(e.target.files);
          e.target.value = '';
        }}
      />
      {folder && (
        <input
          ref={dirInput}
          type="file"
          hidden
          aria-label={`${label}: a folder`}
          data-testid={testId ? `${testId}-folder` : undefined}
          {...{ webkitdirectory: '', directory: '' }}
          onChange={(e) => {
            take(e.target.files);
            e.target.value = '';
          }}
        />
      )}
      {children}
    </div>
  );
}
