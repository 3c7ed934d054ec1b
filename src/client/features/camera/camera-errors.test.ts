import { describe, expect, it } from 'vitest';
import { cameraErrorDetail, cameraProblemOf } from './camera-errors';

const dom = (name: string, message = 'x') => Object.assign(new Error(message), { name });

describe('cameraProblemOf', () => {
  it.each([
    ['NotAllowedError', 'denied'],
    ['SecurityError', 'denied'],
    ['NotFoundError', 'no-camera'],
    ['OverconstrainedError', 'no-camera'],
    ['NotReadableError', 'in-use'],
    ['AbortError', 'in-use'],
    ['SomethingNew', 'other'],
  ])('%s -> %s', (name, problem) => {
    expect(cameraProblemOf(dom(name))).toBe(problem);
  });

  it('anything that is not an error is "other"', () => {
    expect(cameraProblemOf('boom')).toBe('other');
    expect(cameraProblemOf(undefined)).toBe('other');
  });

  it('keeps the browser words for the details line', () => {
    expect(cameraErrorDetail(dom('NotReadableError', 'Could not start video source'))).toBe(
      'NotReadableError: Could not start video source',
    );
  });
});
