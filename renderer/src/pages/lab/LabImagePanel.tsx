import { useEffect, useState } from 'react';
import { Button, Checkbox, Group, Loader, Text } from '@mantine/core';
import { IconPhoto } from '@tabler/icons-react';
import type { LabImageRequest, LabImageResult, Matrix } from '../../../../preload/contract';
import { useClient } from '../../client/context';
import { CameraControls } from '../../components/CameraControls';
import { DropZone } from '../../components/DropZone';
import { Panel } from '../../components/Panel';
import { useCamera } from '../../hooks/useCamera';
import { useObjectUrl } from '../../hooks/useObjectUrl';
import { useShortcuts } from '../../hooks/useShortcuts';
import { useToast } from '../../hooks/useToast';
import { fileBytes } from '../../lib/files';
import { grabEncodedFrame } from '../../lib/frames';

interface Props {
  filter: Matrix;
  padding: number;
  stride: number;
  pool: { mode: 'max' | 'avg'; size: number; stride: number };
}

/** The current filter applied to a dropped picture or a webcam frame, input and response side by side. */
export function LabImagePanel({ filter, padding, stride, pool }: Props) {
  const client = useClient();
  const toast = useToast();
  const camera = useCamera();
  const { videoRef, running } = camera;
  const [image, setImage] = useState<{ bytes: Uint8Array; version: number }>();
  const [usePool, setUsePool] = useState(false);
  const [generation, setGeneration] = useState(0);
  const [settled, setSettled] = useState<{ key: string; result?: LabImageResult }>();
  const settings = JSON.stringify({ filter, padding, stride, pool: usePool ? pool : null });
  const key = `${image?.version} ${generation} ${settings}`;
  const result = settled?.result;
  const busy = !!image && settled?.key !== key;
  const inputUrl = useObjectUrl(result?.input);
  const outputUrl = useObjectUrl(result?.output);

  // Any change of picture or settings filters again; the latest answer wins.
  useEffect(() => {
    if (!image) return;
    let live = true;
    const s = JSON.parse(settings) as Omit<LabImageRequest, 'image' | 'pool'> & { pool: LabImageRequest['pool'] | null };
    client.call('vw:lab.image', { ...s, image: image.bytes, pool: s.pool ?? undefined }).then(
      (r) => live && setSettled({ key, result: r }),
      (err: unknown) => {
        if (!live) return;
        setSettled((prev) => ({ key, result: prev?.result }));
        toast.error(err, 'Filter the image');
      },
    );
    return () => {
      live = false;
    };
  }, [client, toast, image, settings, key]);

  const take = (bytes: Uint8Array): void => setImage((prev) => ({ bytes, version: (prev?.version ?? 0) + 1 }));
  const run = (): void => setGeneration((g) => g + 1);

  const fromCamera = async (): Promise<void> => {
    if (!videoRef.current || !running) return;
    try {
      take(await fileBytes(await grabEncodedFrame(videoRef.current)));
    } catch (err) {
      toast.error(err, 'Webcam frame');
    }
  };

  useShortcuts({ 'Ctrl+Enter': run, 'Alt+C': camera.toggle, 'Alt+S': () => void fromCamera() });

  return (
    <Panel title="On a picture" icon={<IconPhoto size={18} />} className="lab-image">
      <Group gap="md" align="center" wrap="wrap">
        <DropZone label="Image" accept="image/*" compact testId="lab-drop" onFiles={async ([f]) => take(await fileBytes(f!))} />
        <Checkbox
          checked={usePool}
          onChange={(e) => setUsePool(e.currentTarget.checked)}
          label={`then pool (${pool.mode}, f = ${pool.size}, s = ${pool.stride})`}
        />
        <Button size="xs" disabled={!image || busy} onClick={run} aria-keyshortcuts="Control+Enter">
          Run <kbd>Ctrl+Enter</kbd>
        </Button>
      </Group>
      <CameraControls camera={camera} />
      <Group gap="sm" align="center">
        <video ref={videoRef} className="lab-video" muted playsInline hidden={!running} />
        {running && (
          <Button size="xs" variant="default" onClick={() => void fromCamera()} aria-keyshortcuts="Alt+S">
            Use this frame <kbd>Alt+S</kbd>
          </Button>
        )}
      </Group>
      {busy && (
        <Group gap="xs" mt="xs">
          <Loader size="xs" />
          <Text size="sm">Filtering…</Text>
        </Group>
      )}
      {result && (
        <div className="side-by-side" data-testid="lab-image-result">
          <figure>
            <img src={inputUrl} alt="Grayscale input" />
            <figcaption>
              input {result.width}×{result.height}
            </figcaption>
          </figure>
          <figure>
            <img src={outputUrl} alt="Filter response" />
            <figcaption>
              response {result.outputSize.cols}×{result.outputSize.rows} (mid-gray = 0)
            </figcaption>
          </figure>
        </div>
      )}
    </Panel>
  );
}
