import { useCallback, useEffect, useRef, useState } from 'react';

export interface Camera {
  videoRef: React.RefObject<HTMLVideoElement | null>;
  devices: MediaDeviceInfo[];
  deviceId: string;
  setDeviceId: (id: string) => void;
  running: boolean;
  error?: string;
  start: () => Promise<void>;
  stop: () => void;
  toggle: () => void;
  /**
   * The video element once it shows a frame: at once when it does, else after its first frame (up to
   * 5 s). Reads the stream itself, not React state, so it never answers from a render that is behind.
   */
  frame: () => Promise<HTMLVideoElement>;
}

/** getUserMedia with a device picker; the stream goes into `videoRef`'s element. */
export function useCamera(): Camera {
  const videoRef = useRef<HTMLVideoElement | null>(null);
  const streamRef = useRef<MediaStream | null>(null);
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  const [deviceId, setDeviceId] = useState('');
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string>();

  const refreshDevices = useCallback(async () => {
    if (!navigator.mediaDevices?.enumerateDevices) return;
    const all = await navigator.mediaDevices.enumerateDevices();
    setDevices(all.filter((d) => d.kind === 'videoinput'));
  }, []);

  useEffect(() => {
    let live = true;
    navigator.mediaDevices
      ?.enumerateDevices()
      .then((all) => live && setDevices(all.filter((d) => d.kind === 'videoinput')))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, []);

  const stop = useCallback(() => {
    streamRef.current?.getTracks().forEach((t) => t.stop());
    streamRef.current = null;
    if (videoRef.current) videoRef.current.srcObject = null;
    setRunning(false);
  }, []);

  const start = useCallback(async () => {
    if (!navigator.mediaDevices?.getUserMedia) {
      setError('This browser gives no camera access here (it needs a secure origin such as localhost).');
      return;
    }
    stop();
    try {
      const stream = await navigator.mediaDevices.getUserMedia({
        video: deviceId
          ? { deviceId: { exact: deviceId }, width: { ideal: 1280 }, height: { ideal: 720 } }
          : { width: { ideal: 1280 }, height: { ideal: 720 } },
        audio: false,
      });
      streamRef.current = stream;
      const v = videoRef.current;
      if (v) {
        v.srcObject = stream;
        await v.play().catch(() => {});
      }
      setError(undefined);
      setRunning(true);
      // Labels are only readable once permission is granted.
      void refreshDevices();
    } catch (err) {
      const e = err as DOMException;
      setError(
        e.name === 'NotAllowedError'
          ? 'Camera permission was denied. Allow camera access for this page and try again.'
          : e.name === 'NotFoundError'
            ? 'No camera was found. Connect one and press Start.'
            : `The camera could not start: ${e.message}`,
      );
      setRunning(false);
    }
  }, [deviceId, refreshDevices, stop]);

  useEffect(() => stop, [stop]);

  const toggle = useCallback(() => {
    if (streamRef.current) stop();
    else void start();
  }, [start, stop]);

  const frame = useCallback(async (): Promise<HTMLVideoElement> => {
    const v = videoRef.current;
    if (!v || !streamRef.current) throw new Error('The camera is off: start it first (Alt+C).');
    if (v.videoWidth > 0 && v.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA) return v;
    await new Promise<void>((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        v.removeEventListener('loadeddata', done);
        resolve();
      };
      const timer = setTimeout(() => {
        v.removeEventListener('loadeddata', done);
        reject(new Error('The camera gave no picture within 5 s. Check that no other program uses it.'));
      }, 5000);
      v.addEventListener('loadeddata', done);
    });
    return v;
  }, []);

  return { videoRef, devices, deviceId, setDeviceId, running, error, start, stop, toggle, frame };
}
