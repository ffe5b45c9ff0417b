import { useEffect } from 'react';
import { useClient } from '../client/context';
import { Unavailable } from '../components/Unavailable';
import { useRequest } from '../hooks/useRequest';
import { EnrollPanel } from './faces/EnrollPanel';
import { PersonCard } from './faces/PersonCard';
import { RecognizePanel } from './faces/RecognizePanel';
import { TauPanel } from './faces/TauPanel';
import { VerifyPanel } from './faces/VerifyPanel';

export function FacesPage() {
  const client = useClient();
  const people = useRequest('vw:faces.list', {});
  const calibration = useRequest('vw:faces.calibrate', {}, !people.error);
  const { reload: reloadPeople } = people;
  const { reload: reloadCalibration } = calibration;

  useEffect(
    () =>
      client.on('vw:faces.onDidChangeGallery', () => {
        reloadPeople();
        reloadCalibration();
      }),
    [client, reloadPeople, reloadCalibration],
  );

  const changed = (): void => {
    reloadPeople();
    reloadCalibration();
  };
  const tau = calibration.data?.currentTau;

  return (
    <section aria-labelledby="faces-title">
      <h1 id="faces-title">Faces</h1>
      {people.error ? (
        <Unavailable what="Face recognition" error={people.error} />
      ) : (
        <div className="faces-layout">
          <div>
            <h2>Gallery</h2>
            {people.data && people.data.length === 0 && <p className="muted">Nobody enrolled yet.</p>}
            <ul className="gallery" aria-label="Gallery" data-testid="gallery">
              {people.data?.map((p) => (
                <PersonCard key={p.id} person={p} others={people.data!.filter((o) => o.id !== p.id)} onChanged={changed} />
              ))}
            </ul>
          </div>
          <div className="faces-tools">
            <EnrollPanel onEnrolled={changed} />
            <RecognizePanel tau={tau} />
            <VerifyPanel tau={tau} />
            {calibration.data && <TauPanel key={calibration.data.currentTau} report={calibration.data} onTau={reloadCalibration} />}
            {calibration.error && calibration.error.code !== 'E_NOT_AVAILABLE' && (
              <p className="muted">Calibration: {calibration.error.message}</p>
            )}
          </div>
        </div>
      )}
    </section>
  );
}
