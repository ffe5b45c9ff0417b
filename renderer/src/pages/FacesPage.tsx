import { useCallback, useEffect, useRef, useState } from 'react';
import { Badge, Tabs, Text } from '@mantine/core';
import { IconScan, IconUserPlus, IconUsers, IconUsersGroup } from '@tabler/icons-react';
import { useClient } from '../client/context';
import { PageHeader } from '../components/PageHeader';
import { Unavailable } from '../components/Unavailable';
import { useRequest } from '../hooks/useRequest';
import { useToast } from '../hooks/useToast';
import { useDefaults } from '../lib/defaults';
import { EnrollPanel } from './faces/EnrollPanel';
import { GalleryPanel } from './faces/GalleryPanel';
import { GalleryStorePanel } from './faces/GalleryStorePanel';
import { RecognizePanel } from './faces/RecognizePanel';
import { TauPanel } from './faces/TauPanel';
import { VerifyPanel } from './faces/VerifyPanel';

/** Recognize | Verify | Enroll | Gallery, with τ beside the results it decides. */
export function FacesPage() {
  const client = useClient();
  const toast = useToast();
  const people = useRequest('vw:faces.list', {});
  const calibration = useRequest('vw:faces.calibrate', {}, !people.error);
  const { reload: reloadPeople } = people;
  const { reload: reloadCalibration } = calibration;
  // The τ being tried (slider), saved to the engine when the slider is let go. `base` is the saved τ the
  // trial applies to; while a save is on its way (`from`: the τ saved before) the slider keeps the new
  // value instead of jumping back until the calibration reloads. A τ saved elsewhere replaces a trial.
  const [tabName, setTabName] = useState<string | null>('recognize');
  const [chosen, setChosen] = useState<{ tau: number; base: number; from?: number }>();
  const defaults = useDefaults();
  const saved = calibration.data?.currentTau ?? defaults?.faces.tau;
  const tau = chosen && (chosen.base === saved || (chosen.from !== undefined && chosen.from === saved)) ? chosen.tau : saved;

  // One reload per gallery change: the change event and the panels' own callbacks both ask, and the
  // requests are coalesced (the calibration scores every pair, so it should not run twice).
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const changed = useCallback((): void => {
    if (pending.current) return;
    pending.current = setTimeout(() => {
      pending.current = undefined;
      reloadPeople();
      reloadCalibration();
    }, 50);
  }, [reloadPeople, reloadCalibration]);
  useEffect(() => client.on('vw:faces.onDidChangeGallery', changed), [client, changed]);
  useEffect(() => () => clearTimeout(pending.current), []);

  const commitTau = async (value: number): Promise<void> => {
    setChosen({ tau: value, base: value, from: saved });
    try {
      await client.call('vw:faces.setTau', { tau: value });
      reloadCalibration();
    } catch (err) {
      setChosen(undefined);
      toast.error(err, 'Set τ');
    }
  };

  const tauPanel = calibration.data && tau !== undefined && (
    <TauPanel report={calibration.data} tau={tau} onTau={(t) => setChosen({ tau: t, base: saved! })} onCommit={(t) => void commitTau(t)} />
  );
  const details = (
    <>
      {tauPanel}
      {calibration.error && calibration.error.code !== 'E_NOT_AVAILABLE' && (
        <Text size="sm" c="dimmed">
          Calibration: {calibration.error.message}
        </Text>
      )}
    </>
  );

  return (
    <section aria-labelledby="faces-title" className="page-faces">
      <PageHeader
        id="faces-title"
        title="Faces"
        description="Recognize people in photos, compare two faces, and keep the gallery of who is who."
        actions={
          people.data && (
            <Badge variant="light" size="lg" leftSection={<IconUsersGroup size={14} />}>
              {people.data.length} enrolled · τ {tau?.toFixed(2) ?? '—'}
            </Badge>
          )
        }
      />
      {people.error ? (
        <Unavailable what="Face recognition" error={people.error} />
      ) : (
        <Tabs value={tabName} onChange={setTabName} keepMounted>
          <Tabs.List aria-label="Face tasks" mb="md">
            <Tabs.Tab value="recognize" leftSection={<IconScan size={16} />}>
              Recognize
            </Tabs.Tab>
            <Tabs.Tab value="verify" leftSection={<IconUsers size={16} />}>
              Verify
            </Tabs.Tab>
            <Tabs.Tab value="enroll" leftSection={<IconUserPlus size={16} />}>
              Enroll
            </Tabs.Tab>
            <Tabs.Tab value="gallery" leftSection={<IconUsersGroup size={16} />}>
              Gallery{people.data ? ` (${people.data.length})` : ''}
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="recognize">
            <RecognizePanel tau={tau} details={details} />
          </Tabs.Panel>
          <Tabs.Panel value="verify">
            <VerifyPanel tau={tau} details={details} />
          </Tabs.Panel>
          <Tabs.Panel value="enroll">
            <EnrollPanel tau={tau} onEnrolled={changed} details={tauPanel} active={tabName === 'enroll'} people={people.data} />
          </Tabs.Panel>
          <Tabs.Panel value="gallery">
            <div className="stack">
              <GalleryPanel people={people.data} onChanged={changed} />
              <GalleryStorePanel onSwitched={changed} />
            </div>
          </Tabs.Panel>
        </Tabs>
      )}
    </section>
  );
}
