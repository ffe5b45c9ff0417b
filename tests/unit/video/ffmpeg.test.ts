/** Which ffmpeg: PATH first, else the npm package's binary; neither is E_NOT_AVAILABLE with a hint. */
import { describe, expect, it } from 'vitest';
import { findFfmpeg, npmFfmpeg, pickFfmpeg, resetFfmpeg } from '../../../main/video/ffmpeg';

describe('ffmpeg', () => {
  it('uses the npm package binary when there is no ffmpeg on PATH, and it runs', () => {
    const saved = process.env.PATH;
    process.env.PATH = '';
    resetFfmpeg();
    try {
      const ff = findFfmpeg();
      expect(ff.source).toBe('npm');
      expect(ff.path).toBe(npmFfmpeg());
      expect(ff.version).toMatch(/\d/);
    } finally {
      process.env.PATH = saved;
      resetFfmpeg();
    }
  });

  it('a candidate that does not run is skipped; none at all is E_NOT_AVAILABLE with what to do', () => {
    expect(() => pickFfmpeg([['/nonexistent/ffmpeg', 'system']])).toThrow(
      expect.objectContaining({ code: 'E_NOT_AVAILABLE', hint: expect.stringContaining('VWS_FFMPEG') }),
    );
    expect(() => pickFfmpeg([])).toThrow(expect.objectContaining({ code: 'E_NOT_AVAILABLE' }));
  });
});
