import { useEffect, useRef, useState } from 'react';
import { Badge, Button, Group, Progress, Text } from '@mantine/core';
import { IconPlayerPlay, IconPlayerStop, IconActivity } from '@tabler/icons-react';
import type { StyleJobCosts } from '../../../../preload/contract';
import { useClient } from '../../client/context';
import { toClientError, type VwClientError } from '../../client/errors';
import { Panel } from '../../components/Panel';
import { useObjectUrl } from '../../hooks/useObjectUrl';
import { StyleCostsTable } from './StyleCostsTable';

/** A short run the lesson starts itself: small and quick, so the costs visibly move. */
const WATCH_OPTIONS = { size: 128, iterations: 150, previewEvery: 5, coarseToFine: false } as const;

/**
 * The costs of a RUNNING stylization (issue #17 item 9): start one here, or
 * follow one started on the Style page; at each progress event the costs of
 * the job's current image are read (one request at a time).
 */
export function RunningStyleCosts({ content, style }: { content?: Uint8Array; style?: Uint8Array }) {
  const client = useClient();
  const [jobId, setJobId] = useState<string>();
  const [costs, setCosts] = useState<StyleJobCosts>();
  const [error, setError] = useState<VwClientError>();
  const [running, setRunning] = useState(false);
  const [preview, setPreview] = useState<Uint8Array>();
  const previewUrl = useObjectUrl(preview);
  const inFlight = useRef(false);
  const watched = useRef<string>(undefined);

  useEffect(() => {
    const read = (id: string, last = false) => {
      if (inFlight.current && !last) return;
      inFlight.current = true;
      client
        .call('vw:style.costs', { jobId: id })
        .then(
          // An answer that arrives after a newer one (the last read overtook it) is dropped.
          (c) =>
            watched.current === id &&
            setCosts((prev) => (!prev || prev.jobId !== c.jobId || c.status !== 'running' || c.iteration >= prev.iteration ? c : prev)),
          (err: unknown) => setError(toClientError(err)),
        )
        .finally(() => {
          inFlight.current = false;
        });
    };
    const offProgress = client.on('vw:style.onDidProgress', (p) => {
      if (!watched.current) {
        watched.current = p.jobId;
        setJobId(p.jobId);
      }
      if (p.jobId !== watched.current) return;
      setRunning(true);
      if (p.preview) setPreview(p.preview);
      read(p.jobId);
    });
    const offFinish = client.on('vw:style.onDidFinish', (r) => {
      if (r.jobId !== watched.current) return;
      setRunning(false);
      read(r.jobId, true);
    });
    return () => {
      offProgress();
      offFinish();
    };
  }, [client]);

  const start = async () => {
    if (!content || !style) return;
    setError(undefined);
    setCosts(undefined);
    setPreview(undefined);
    try {
      const { jobId: id } = await client.call('vw:style.start', { content, styles: [style], options: WATCH_OPTIONS });
      watched.current = id;
      setJobId(id);
      setRunning(true);
    } catch (err) {
      setError(toClientError(err));
    }
  };

  return (
    <Panel
      title="A running stylization"
      icon={<IconActivity size={18} />}
      testId="running-costs"
      actions={
        <Group gap="xs">
          <Button
            size="xs"
            leftSection={<IconPlayerPlay size={14} />}
            disabled={!content || !style || running}
            onClick={() => void start()}
            data-testid="running-start"
          >
            Stylize and watch
          </Button>
          <Button
            size="xs"
            variant="default"
            leftSection={<IconPlayerStop size={14} />}
            disabled={!running || !jobId}
            onClick={() => jobId && void client.call('vw:style.cancel', { jobId }).catch((err: unknown) => setError(toClientError(err)))}
          >
            Stop
          </Button>
        </Group>
      }
    >
      <Text size="sm" c="dimmed" mb="xs">
        The same costs for the generated image of a stylization while it runs: start a short one of C and S here ({WATCH_OPTIONS.iterations}{' '}
        iterations at {WATCH_OPTIONS.size} px), or start one on the Style page and come back — the lesson follows it.
      </Text>
      {costs && (
        <>
          <Group gap="xs" mb="xs">
            <Badge variant="light" color={costs.status === 'running' ? 'blue' : 'gray'} data-testid="running-status">
              {costs.status}
            </Badge>
            <Text size="sm" data-testid="running-iteration">
              iteration {costs.iteration} of {costs.iterations}
            </Text>
          </Group>
          <Progress value={(100 * costs.iteration) / Math.max(1, costs.iterations)} size="xs" mb="sm" aria-label="Iterations done" />
          {previewUrl && (
            <figure className="running-preview">
              <img src={previewUrl} alt="The generated image G now (preview)" />
              <figcaption>G now</figcaption>
            </figure>
          )}
          <StyleCostsTable r={costs} prefix="running-" />
        </>
      )}
      {error && (
        <Text size="sm" c="red" role="alert">
          {error.message}
        </Text>
      )}
    </Panel>
  );
}
