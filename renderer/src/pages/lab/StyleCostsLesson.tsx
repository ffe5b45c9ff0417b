import { useEffect, useState } from 'react';
import { Group, Loader, Text } from '@mantine/core';
import { IconBrush } from '@tabler/icons-react';
import type { LabStyleCostsResult } from '../../../../preload/contract';
import { useClient } from '../../client/context';
import { toClientError, type VwClientError } from '../../client/errors';
import { DropZone } from '../../components/DropZone';
import { Panel } from '../../components/Panel';
import { fileBytes } from '../../lib/files';
import { RunningStyleCosts } from './RunningStyleCosts';
import { StyleCostsTable } from './StyleCostsTable';

type Slot = 'content' | 'style' | 'generated';

/** J_content at the content layer, the Gram matrices of S and G side by side, J_style per layer with its λ — for a finished or a running stylization. */
export function StyleCostsLesson() {
  const client = useClient();
  const [images, setImages] = useState<Partial<Record<Slot, Uint8Array>>>({});
  const [version, setVersion] = useState(0);
  const [settled, setSettled] = useState<{ key: number; result?: LabStyleCostsResult; error?: VwClientError }>();
  const ready = !!images.content && !!images.style;
  const busy = ready && settled?.key !== version;
  const r = settled?.result;

  useEffect(() => {
    if (!images.content || !images.style) return;
    let live = true;
    client.call('vw:lab.styleCosts', { content: images.content, style: images.style, generated: images.generated }).then(
      (res) => live && setSettled({ key: version, result: res }),
      (err: unknown) => live && setSettled({ key: version, error: toClientError(err) }),
    );
    return () => {
      live = false;
    };
  }, [client, images, version]);

  const drop = (slot: Slot, label: string) => (
    <DropZone
      label={label}
      accept="image/*"
      compact
      testId={`style-costs-${slot}`}
      onFiles={async ([f]) => {
        const bytes = await fileBytes(f!);
        setImages((prev) => ({ ...prev, [slot]: bytes }));
        setVersion((v) => v + 1);
      }}
    />
  );

  return (
    <div className="stack">
      <Panel title="Neural style costs" icon={<IconBrush size={18} />}>
        <Text size="sm" c="dimmed" mb="sm">
          J(G) = α·J_content(C, G) + β·J_style(S, G), on the style engine&apos;s own network. Drop a content and a style picture; the
          generated image G is the content itself until you drop one (e.g. a result saved from the Style page).
        </Text>
        <div className="drop-grid">
          {drop('content', 'Content C')}
          {drop('style', 'Style S')}
          {drop('generated', 'Generated G')}
        </div>
        {busy && (
          <Group gap="xs" mt="sm">
            <Loader size="xs" />
            <Text size="sm">Computing the costs…</Text>
          </Group>
        )}
        {settled?.error && (
          <Text size="sm" c="red" mt="sm" role="alert">
            {settled.error.message}
          </Text>
        )}
      </Panel>
      {r && (
        <Panel title="Costs of G" testId="style-costs">
          <StyleCostsTable r={r} />
        </Panel>
      )}
      <RunningStyleCosts content={images.content} style={images.style} />
    </div>
  );
}
