import { Button, NativeSelect } from '@mantine/core';
import { IconCamera, IconCameraOff } from '@tabler/icons-react';
import type { Camera } from '../hooks/useCamera';

/** Camera picker plus start/stop (Alt+C is bound by the page). */
export function CameraControls({ camera }: { camera: Camera }) {
  return (
    <div className="row camera-controls">
      <NativeSelect
        size="sm"
        aria-label="Camera"
        value={camera.deviceId}
        onChange={(e) => camera.setDeviceId(e.currentTarget.value)}
        data={[
          { value: '', label: 'Default camera' },
          ...camera.devices.map((d, i) => ({ value: d.deviceId || String(i), label: d.label || `Camera ${i + 1}` })),
        ]}
      />
      <Button
        size="sm"
        variant={camera.running ? 'light' : 'filled'}
        color={camera.running ? 'red' : undefined}
        leftSection={camera.running ? <IconCameraOff size={16} /> : <IconCamera size={16} />}
        onClick={camera.toggle}
        aria-keyshortcuts="Alt+C"
        data-testid="camera-toggle"
      >
        {camera.running ? 'Stop camera' : 'Start camera'} <kbd>Alt+C</kbd>
      </Button>
      {camera.error && (
        <span className="inline-error" role="alert">
          {camera.error}
        </span>
      )}
    </div>
  );
}
