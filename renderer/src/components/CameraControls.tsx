import type { Camera } from '../hooks/useCamera';

/** Camera picker plus start/stop (Alt+C is bound by the page). */
export function CameraControls({ camera }: { camera: Camera }) {
  return (
    <div className="row camera-controls">
      <label>
        Camera{' '}
        <select value={camera.deviceId} onChange={(e) => camera.setDeviceId(e.target.value)} aria-label="Camera">
          <option value="">Default camera</option>
          {camera.devices.map((d, i) => (
            <option key={d.deviceId || i} value={d.deviceId}>
              {d.label || `Camera ${i + 1}`}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={camera.toggle} aria-keyshortcuts="Alt+C" data-testid="camera-toggle">
        {camera.running ? 'Stop camera' : 'Start camera'} <kbd>Alt+C</kbd>
      </button>
      {camera.error && (
        <span className="inline-error" role="alert">
          {camera.error}
        </span>
      )}
    </div>
  );
}
