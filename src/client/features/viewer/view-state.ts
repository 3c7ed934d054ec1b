import type { PartGroup } from '@/contract/pose-envelope';
import type { ViewTransform } from '@/pose/geometry';
import type { OpacityMapping } from '@/pose/score-opacity';
import { DEFAULT_THRESHOLD } from '@/pose/view-options-codec';

// View state of the viewer: what the user chose to see, never the server's data. Seeded from
// the persisted view options; a new result only resets what refers to the old one (selection,
// hover, zoom). Pure: every change goes through `viewReducer`.

export interface PointRef {
  personId: string;
  /** Index in the person's inferKeypointList. */
  index: number;
}

export interface ViewOptions {
  /** 0..1: keypoints below are hidden. */
  threshold: number;
  mapping: OpacityMapping;
  parts: Record<PartGroup, boolean>;
  labels: boolean;
  bbox: boolean;
  /** Draw joint angles at their vertices. */
  angles: boolean;
  /** One colour per person, or one per part group. */
  colourBy: ColourBy;
}

export type ColourBy = 'person' | 'part';

/** Selection carried by a link (URL hash `sel` / `solo`), person ids as the result names them. */
export interface LinkedSelection {
  selectedPersonId?: string | undefined;
  soloPersonId?: string | undefined;
}

export interface ViewState extends ViewOptions {
  hoveredPersonId: string | undefined;
  selectedPersonId: string | undefined;
  soloPersonId: string | undefined;
  /** A keypoint highlighted from outside the canvas (table row hover). */
  highlighted: PointRef | undefined;
  /** undefined = follow the container (fit); else a fixed stage transform set by zoom/pan. */
  transform: ViewTransform | undefined;
  overlaysHidden: boolean;
  presentation: boolean;
  /** Three-click angle measurement: picked points so far (at most 3). */
  measuring: boolean;
  measurePoints: PointRef[];
  /**
   * A link's selection waiting for a result to apply to (ids are checked against it then).
   * While pending, the hash keeps carrying it, so a reload before the result keeps the link.
   */
  linkedSelection: LinkedSelection | undefined;
}

export const DEFAULT_VIEW_OPTIONS: ViewOptions = {
  threshold: DEFAULT_THRESHOLD,
  mapping: 'linear',
  parts: { body: true, foot: true, face: true, hand: true, other: true },
  labels: false,
  bbox: false,
  angles: false,
  colourBy: 'person',
};

/** Threshold step of the [ and ] keys. */
export const THRESHOLD_STEP = 0.05;

export type ViewAction =
  | { type: 'set-threshold'; value: number }
  | { type: 'nudge-threshold'; delta: number }
  | { type: 'set-mapping'; mapping: OpacityMapping }
  | { type: 'toggle-part'; part: PartGroup }
  | { type: 'toggle-labels' }
  | { type: 'toggle-bbox' }
  | { type: 'toggle-angles' }
  | { type: 'set-colour-by'; colourBy: ColourBy }
  | { type: 'apply-options'; options: ViewOptions }
  | { type: 'hover-person'; personId: string | undefined }
  | { type: 'select-person'; personId: string | undefined }
  | { type: 'toggle-solo'; personId: string }
  /** Arrow keys: `personIds` is the list order (the result's, passed in, not stored). */
  | { type: 'select-step'; personIds: readonly string[]; step: 1 | -1 }
  | { type: 'clear-selection' }
  | { type: 'highlight-point'; point: PointRef | undefined }
  | { type: 'set-transform'; transform: ViewTransform | undefined }
  | { type: 'toggle-overlays' }
  | { type: 'toggle-presentation' }
  | { type: 'set-presentation'; on: boolean }
  | { type: 'start-measure' }
  | { type: 'measure-point'; point: PointRef }
  | { type: 'cancel-measure' }
  /** `personIds`: the new result's persons (absent while there is none yet). */
  | { type: 'result-changed'; personIds?: readonly string[] | undefined }
  /** A link's selection: applied now when `personIds` (the current result's) is given, else kept. */
  | { type: 'link-selection'; selection: LinkedSelection; personIds: readonly string[] | undefined };

export function clampThreshold(v: number): number {
  if (!Number.isFinite(v)) return 0;
  // Two decimals: the slider's step is 0.01 and [ / ] must land on the same grid.
  return Math.round(Math.min(1, Math.max(0, v)) * 100) / 100;
}

/**
 * The selection a link asks for, limited to persons of the result: ids it does not have are
 * ignored; a solo person is also the selected one unless the link selects another existing one.
 */
export function resolveLinkedSelection(
  link: LinkedSelection,
  personIds: readonly string[],
): { selectedPersonId: string | undefined; soloPersonId: string | undefined } {
  const known = (id: string | undefined) => (id !== undefined && personIds.includes(id) ? id : undefined);
  const solo = known(link.soloPersonId);
  return { selectedPersonId: known(link.selectedPersonId) ?? solo, soloPersonId: solo };
}

function hasSelection(link: LinkedSelection | undefined): link is LinkedSelection {
  return link?.selectedPersonId !== undefined || link?.soloPersonId !== undefined;
}

export function initialViewState(
  options: ViewOptions = DEFAULT_VIEW_OPTIONS,
  linkedSelection?: LinkedSelection,
): ViewState {
  return {
    ...options,
    parts: { ...options.parts },
    hoveredPersonId: undefined,
    selectedPersonId: undefined,
    soloPersonId: undefined,
    highlighted: undefined,
    transform: undefined,
    overlaysHidden: false,
    presentation: false,
    measuring: false,
    measurePoints: [],
    linkedSelection: hasSelection(linkedSelection) ? { ...linkedSelection } : undefined,
  };
}

export function viewOptionsOf(s: ViewState): ViewOptions {
  return {
    threshold: s.threshold,
    mapping: s.mapping,
    parts: s.parts,
    labels: s.labels,
    bbox: s.bbox,
    angles: s.angles,
    colourBy: s.colourBy,
  };
}

export function viewReducer(state: ViewState, action: ViewAction): ViewState {
  switch (action.type) {
    case 'set-threshold':
      return { ...state, threshold: clampThreshold(action.value) };
    case 'nudge-threshold':
      return { ...state, threshold: clampThreshold(state.threshold + action.delta) };
    case 'set-mapping':
      return { ...state, mapping: action.mapping };
    case 'toggle-part':
      return { ...state, parts: { ...state.parts, [action.part]: !state.parts[action.part] } };
    case 'toggle-labels':
      return { ...state, labels: !state.labels };
    case 'toggle-bbox':
      return { ...state, bbox: !state.bbox };
    case 'toggle-angles':
      return { ...state, angles: !state.angles };
    case 'set-colour-by':
      return { ...state, colourBy: action.colourBy };
    case 'apply-options':
      return { ...state, ...action.options, parts: { ...action.options.parts } };
    case 'hover-person':
      return state.hoveredPersonId === action.personId
        ? state
        : { ...state, hoveredPersonId: action.personId };
    case 'select-person':
      return { ...state, selectedPersonId: action.personId };
    case 'toggle-solo': {
      const solo = state.soloPersonId === action.personId ? undefined : action.personId;
      // Solo implies selection: the soloed person is the one being inspected.
      return { ...state, soloPersonId: solo, selectedPersonId: solo ?? state.selectedPersonId };
    }
    case 'select-step': {
      const ids = action.personIds;
      if (ids.length === 0) return state;
      const at = state.selectedPersonId === undefined ? -1 : ids.indexOf(state.selectedPersonId);
      const next =
        at === -1 ? (action.step === 1 ? 0 : ids.length - 1) : (at + action.step + ids.length) % ids.length;
      const id = ids[next];
      // A solo view follows the selection, else arrowing would move to invisible people.
      return {
        ...state,
        selectedPersonId: id,
        soloPersonId: state.soloPersonId === undefined ? undefined : id,
      };
    }
    case 'clear-selection':
      if (state.measuring) return { ...state, measuring: false, measurePoints: [] };
      return { ...state, selectedPersonId: undefined, soloPersonId: undefined, highlighted: undefined };
    case 'highlight-point':
      return { ...state, highlighted: action.point };
    case 'set-transform':
      return { ...state, transform: action.transform };
    case 'toggle-overlays':
      return { ...state, overlaysHidden: !state.overlaysHidden };
    case 'toggle-presentation':
      return { ...state, presentation: !state.presentation };
    case 'set-presentation':
      return state.presentation === action.on ? state : { ...state, presentation: action.on };
    case 'start-measure':
      return { ...state, measuring: true, measurePoints: [] };
    case 'measure-point': {
      if (!state.measuring) return state;
      const pts = state.measurePoints.length >= 3 ? [] : state.measurePoints;
      return { ...state, measurePoints: [...pts, action.point] };
    }
    case 'cancel-measure':
      return { ...state, measuring: false, measurePoints: [] };
    case 'result-changed': {
      const reset: ViewState = {
        ...state,
        hoveredPersonId: undefined,
        selectedPersonId: undefined,
        soloPersonId: undefined,
        highlighted: undefined,
        transform: undefined,
        measuring: false,
        measurePoints: [],
      };
      // The first result after opening a link gets the link's selection (what of it exists).
      if (!state.linkedSelection || !action.personIds) return reset;
      return {
        ...reset,
        ...resolveLinkedSelection(state.linkedSelection, action.personIds),
        linkedSelection: undefined,
      };
    }
    case 'link-selection':
      if (!action.personIds)
        return {
          ...state,
          linkedSelection: hasSelection(action.selection) ? { ...action.selection } : undefined,
        };
      return {
        ...state,
        ...resolveLinkedSelection(action.selection, action.personIds),
        linkedSelection: undefined,
      };
  }
}
