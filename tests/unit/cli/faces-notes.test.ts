import { describe, expect, it } from 'vitest';
import { VwError } from '../../../main/errors';
import { calibrationCaution, lookAlikeNote, removedFaceLine, withFileNames } from '../../../main/cli/faces-notes';

describe('vws faces: the notes beside bare results', () => {
  it('cautions on rates from few pairs, and only then', () => {
    expect(calibrationCaution(1, 5)).toMatch(/^caution: 1 same-person and 5 different-person pairs are few/);
    expect(calibrationCaution(40, 10)).toMatch(/rough/);
    expect(calibrationCaution(20, 50)).toBeUndefined();
  });

  it('says when removing a face removed its person too', () => {
    expect(removedFaceLine('11', ['lin', 'obama'], ['obama'])).toBe('removed face #11; lin had no other face and was removed too');
    expect(removedFaceLine('3', ['obama'], ['obama'])).toBe('removed face #3');
  });

  it('names a look-alike already enrolled, with the merge command', () => {
    const shot = { source: 'a.jpg', accepted: true, reasons: [], lookAlike: { personId: 1, name: 'obama', similarity: 0.991, faceId: 4 } };
    expect(lookAlikeNote(shot, 'barack')).toContain('looks like obama (0.99)');
    expect(lookAlikeNote(shot, 'barack')).toContain('`vws faces merge barack obama`');
    expect(lookAlikeNote({ source: 'b.jpg', accepted: true, reasons: [] }, 'x')).toBe('');
  });

  it('replaces "image a" / "image b" with the file names, keeping code and hint', () => {
    const e = withFileNames(new VwError('E_NO_FACE', 'No face found in image b.', { hint: 'h' }), 'x/a.jpg', 'y/eagle.jpg') as VwError;
    expect(e).toMatchObject({ code: 'E_NO_FACE', message: 'No face found in y/eagle.jpg.', hint: 'h' });
    const other = new Error('boom');
    expect(withFileNames(other, 'a', 'b')).toBe(other);
  });
});
