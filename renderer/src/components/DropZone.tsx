import { useId, useRef, useState, type DragEvent, type ReactNode } from 'react';

interface Props {
  label: string;
  /** The file input's accept, e.g. "image/*" or ".onnx". */
  accept: string;
  multiple?: boolean;
  onFiles: (files: File[]) => void;
  children?: ReactNode;
  testId?: string;
  disabled?: boolean;
}

/** A drop target that is also a keyboard-reachable file picker. */
export function DropZone({ label, accept, multiple = false, onFiles, children, testId, disabled = false }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const id = useId();

  const accepts = (f: File): boolean =>
    accept.split(',').some((a) => {
      const t = a.trim();
      if (t.endsWith('/*')) return f.type.startsWith(t.slice(0, -1)) || (t === 'image/*' && /\.(jpe?g|png|webp|gif|bmp)$/i.test(f.name));
      if (t.startsWith('.')) return f.name.toLowerCase().endsWith(t.toLowerCase());
      return f.type === t;
    });

  const take = (list: FileList | null): void => {
    const files = Array.from(list ?? []).filter(accepts);
    if (files.length) onFiles(multiple ? files : files.slice(0, 1));
  };

  const onDrop = (e: DragEvent): void => {
    e.preventDefault();
    setOver(false);
    if (!disabled) take(e.dataTransfer.files);
  };

  return (
    <div
      className={`drop-zone${over ? ' drop-over' : ''}${disabled ? ' drop-disabled' : ''}`}
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
      <div id={id} className="drop-label">
        {label} — drop {multiple ? 'files' : 'a file'} here or
      </div>
      <button type="button" disabled={disabled} onClick={() => input.current?.click()}>
        Choose…
      </button>
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
      {children}
    </div>
  );
}
