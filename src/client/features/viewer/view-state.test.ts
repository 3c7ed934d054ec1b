import { describe, expect, it } from 'vitest';
import {
  DEFAULT_VIEW_OPTIONS,
  clampThreshold,
  initialViewState,
  resolveLinkedSelection,
  viewReducer,
  type ViewState,
} from './view-state';

const ids = ['0', '1', '2'] as const;

function run(...actions: Parameters<typeof viewReducer>[1][]): ViewState {
  return actions.reduce(viewReducer, initialViewState());
}

describe('view-state reducer', () => {
  it('starts from the given options with nothing selected and the fit view', () => {
    const s = initialViewState({ ...DEFAULT_VIEW_OPTIONS, threshold: 0.5, labels: true });
    expect(s.threshold).toBe(0.5);
    expect(s.labels).toBe(true);
    expect(s.selectedPersonId).toBeUndefined();
    expect(s.transform).toBeUndefined();
  });

  it('clamps the threshold to 0..1 on the 0.01 grid', () => {
    expect(run({ type: 'set-threshold', value: 1.7 }).threshold).toBe(1);
    expect(run({ type: 'set-threshold', value: -3 }).threshold).toBe(0);
    expect(run({ type: 'set-threshold', value: Number.NaN }).threshold).toBe(0);
    // [ and ] steps must not drift into 0.35000000000000003.
    expect(
      run({ type: 'set-threshold', value: 0.3 }, { type: 'nudge-threshold', delta: 0.05 }).threshold,
    ).toBe(0.35);
    expect(clampThreshold(0.123)).toBe(0.12);
  });

  it('toggles one part without touching the others', () => {
    const s = run({ type: 'toggle-part', part: 'face' });
    expect(s.parts).toEqual({ body: true, foot: true, face: false, hand: true, other: true });
    expect(viewReducer(s, { type: 'toggle-part', part: 'face' }).parts.face).toBe(true);
  });

  it('arrow steps wrap around the person list, starting at either end', () => {
    const down = run({ type: 'select-step', personIds: ids, step: 1 });
    expect(down.selectedPersonId).toBe('0');
    const up = run({ type: 'select-step', personIds: ids, step: -1 });
    expect(up.selectedPersonId).toBe('2');
    expect(viewReducer(up, { type: 'select-step', personIds: ids, step: 1 }).selectedPersonId).toBe('0');
    expect(run({ type: 'select-step', personIds: [], step: 1 }).selectedPersonId).toBeUndefined();
  });

  it('solo selects the person, follows arrow steps, and toggles off', () => {
    const solo = run({ type: 'toggle-solo', personId: '1' });
    expect(solo.soloPersonId).toBe('1');
    expect(solo.selectedPersonId).toBe('1');
    const next = viewReducer(solo, { type: 'select-step', personIds: ids, step: 1 });
    expect(next.soloPersonId).toBe('2');
    expect(viewReducer(next, { type: 'toggle-solo', personId: '2' }).soloPersonId).toBeUndefined();
  });

  it('Esc clears selection and solo, but first ends a measurement', () => {
    const measuring = run(
      { type: 'select-person', personId: '1' },
      { type: 'start-measure' },
      { type: 'measure-point', point: { personId: '1', index: 3 } },
    );
    const first = viewReducer(measuring, { type: 'clear-selection' });
    expect(first.measuring).toBe(false);
    expect(first.measurePoints).toEqual([]);
    expect(first.selectedPersonId).toBe('1');
    expect(viewReducer(first, { type: 'clear-selection' }).selectedPersonId).toBeUndefined();
  });

  it('a measurement keeps at most three points and starts over on the fourth', () => {
    const p = (index: number) => ({ type: 'measure-point' as const, point: { personId: '0', index } });
    const three = run({ type: 'start-measure' }, p(1), p(2), p(3));
    expect(three.measurePoints.map((x) => x.index)).toEqual([1, 2, 3]);
    expect(viewReducer(three, p(4)).measurePoints.map((x) => x.index)).toEqual([4]);
    // Without measuring, clicks do not collect points.
    expect(run(p(1)).measurePoints).toEqual([]);
  });

  it('a new result resets selection, hover and zoom but keeps the view options', () => {
    const s = run(
      { type: 'set-threshold', value: 0.6 },
      { type: 'toggle-labels' },
      { type: 'select-person', personId: '2' },
      { type: 'hover-person', personId: '1' },
      { type: 'set-transform', transform: { scale: 3, x: 10, y: 20 } },
      { type: 'result-changed' },
    );
    expect(s.threshold).toBe(0.6);
    expect(s.labels).toBe(true);
    expect(s.selectedPersonId).toBeUndefined();
    expect(s.hoveredPersonId).toBeUndefined();
    expect(s.transform).toBeUndefined();
  });

  it('angles and colour-by switch', () => {
    const s = run({ type: 'toggle-angles' }, { type: 'set-colour-by', colourBy: 'part' });
    expect(s.angles).toBe(true);
    expect(s.colourBy).toBe('part');
    expect(viewReducer(s, { type: 'toggle-angles' }).angles).toBe(false);
  });

  it('presentation and overlay switches toggle; set-presentation is idempotent', () => {
    const on = run({ type: 'toggle-presentation' }, { type: 'toggle-overlays' });
    expect(on.presentation).toBe(true);
    expect(on.overlaysHidden).toBe(true);
    expect(viewReducer(on, { type: 'set-presentation', on: true })).toBe(on);
    expect(viewReducer(on, { type: 'set-presentation', on: false }).presentation).toBe(false);
  });

  it('apply-options replaces the persisted options only', () => {
    const s = run(
      { type: 'select-person', personId: '0' },
      {
        type: 'apply-options',
        options: {
          threshold: 0.8,
          mapping: 'emphasised',
          parts: { ...DEFAULT_VIEW_OPTIONS.parts, hand: false },
          labels: true,
          bbox: true,
          angles: true,
          colourBy: 'part',
        },
      },
    );
    expect(s).toMatchObject({
      threshold: 0.8,
      mapping: 'emphasised',
      labels: true,
      bbox: true,
      angles: true,
      colourBy: 'part',
      selectedPersonId: '0',
    });
    expect(s.parts.hand).toBe(false);
  });
});

describe('linked selection (URL hash sel / solo)', () => {
  const people = ['0', '2', '5'];

  it('keeps only ids the result has; solo is also the selection unless another is selected', () => {
    expect(resolveLinkedSelection({ selectedPersonId: '2' }, people)).toEqual({
      selectedPersonId: '2',
      soloPersonId: undefined,
    });
    expect(resolveLinkedSelection({ soloPersonId: '5' }, people)).toEqual({
      selectedPersonId: '5',
      soloPersonId: '5',
    });
    expect(resolveLinkedSelection({ selectedPersonId: '9', soloPersonId: '0' }, people)).toEqual({
      selectedPersonId: '0',
      soloPersonId: '0',
    });
    expect(resolveLinkedSelection({ selectedPersonId: '9', soloPersonId: '7' }, people)).toEqual({
      selectedPersonId: undefined,
      soloPersonId: undefined,
    });
  });

  it('waits through result-changed without a result, then applies to the first result only', () => {
    let s = initialViewState(DEFAULT_VIEW_OPTIONS, { selectedPersonId: '2', soloPersonId: '2' });
    expect(s.linkedSelection).toEqual({ selectedPersonId: '2', soloPersonId: '2' });
    s = viewReducer(s, { type: 'result-changed' });
    expect(s.selectedPersonId).toBeUndefined();
    expect(s.linkedSelection).toBeDefined();
    s = viewReducer(s, { type: 'result-changed', personIds: people });
    expect(s).toMatchObject({ selectedPersonId: '2', soloPersonId: '2', linkedSelection: undefined });
    // The next photo starts unselected: the link named persons of the first one.
    s = viewReducer(s, { type: 'result-changed', personIds: people });
    expect(s).toMatchObject({ selectedPersonId: undefined, soloPersonId: undefined });
  });

  it('an id the first result lacks is dropped, not kept for later', () => {
    let s = initialViewState(DEFAULT_VIEW_OPTIONS, { selectedPersonId: '9' });
    s = viewReducer(s, { type: 'result-changed', personIds: people });
    expect(s).toMatchObject({ selectedPersonId: undefined, linkedSelection: undefined });
    expect(initialViewState(DEFAULT_VIEW_OPTIONS, {}).linkedSelection).toBeUndefined();
  });

  it('link-selection applies at once to a shown result, else waits for one', () => {
    const shown = viewReducer(run({ type: 'select-person', personId: '1' }), {
      type: 'link-selection',
      selection: { soloPersonId: '0' },
      personIds: people,
    });
    expect(shown).toMatchObject({ selectedPersonId: '0', soloPersonId: '0', linkedSelection: undefined });
    const cleared = viewReducer(shown, { type: 'link-selection', selection: {}, personIds: people });
    expect(cleared).toMatchObject({ selectedPersonId: undefined, soloPersonId: undefined });
    const waiting = viewReducer(run(), {
      type: 'link-selection',
      selection: { selectedPersonId: '5' },
      personIds: undefined,
    });
    expect(waiting.linkedSelection).toEqual({ selectedPersonId: '5' });
    expect(viewReducer(waiting, { type: 'result-changed', personIds: people }).selectedPersonId).toBe('5');
  });
});
