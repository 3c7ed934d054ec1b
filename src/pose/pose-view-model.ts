import {
  PART_GROUPS,
  type Keypoint,
  type PartGroup,
  type Person,
  type PoseResult,
} from '@/contract/pose-envelope';
import { keypointInfo, partOfKeypoint, sideOfKeypoint, type Side } from './keypoint-catalogue';
import { personColour, type PersonStyle } from './person-palette';
import { limbScore, scoreToOpacity, type OpacityMapping } from './score-opacity';
import { SKELETON_EDGES } from './skeleton-edges';

// From a normalised PoseResult and the view options to plain drawable data: what the Konva
// layers draw and what hit-testing, the person list and the keypoint table read. Pure and
// cheap (30 people x 133 points: a few ms), so it is simply recomputed when an option changes.

export const ALL_PART_GROUPS: readonly PartGroup[] = [...PART_GROUPS, 'other'];

export const ALL_PARTS_ON: Readonly<Record<PartGroup, boolean>> = {
  body: true,
  foot: true,
  face: true,
  hand: true,
  other: true,
};

export interface PoseViewOptions {
  /** Keypoints (and limbs touching them) with score below this are hidden. 0..1. */
  threshold: number;
  /** Part groups to draw; a hidden part is neither drawn nor hit-tested. */
  parts: Record<PartGroup, boolean>;
  mapping: OpacityMapping;
  /** When set, every other person is `dimmed`. */
  selectedPersonId?: string | undefined;
  /** When set, only this person is `shown`. */
  soloPersonId?: string | undefined;
  /** The frame the coordinates refer to (after EXIF orientation), in pixels. */
  imageWidth: number;
  imageHeight: number;
  /**
   * A person's style when it is not its answer position's: video frames colour and number each
   * person by its track (src/pose/tracking.ts), so the same person looks the same in every frame.
   */
  styleOf?: ((personId: string, index: number) => PersonStyle) | undefined;
}

export interface PointView {
  personId: string;
  /** Index in the person's inferKeypointList (stable key for tables and hover). */
  index: number;
  /** As the answer spelled it. */
  name: string;
  part: PartGroup;
  side: Side;
  /** True when the name is in the COCO-WholeBody catalogue (else it has no edges). */
  known: boolean;
  /** Image pixels. */
  x: number;
  y: number;
  score: number;
  /** From the score and the mapping only; dimming is applied per person (see DIMMED_OPACITY). */
  opacity: number;
  /** Draw and hit-test it: detected, its part on, score >= threshold. */
  visible: boolean;
  /** A placeholder for a keypoint the model did not find: list it, never draw it. */
  notDetected: boolean;
}

export interface LimbView {
  personId: string;
  from: string;
  to: string;
  /** Image pixels. */
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** The weaker end's score. */
  score: number;
  opacity: number;
  side: Side;
  part: PartGroup;
}

export interface PersonView {
  personId: string;
  /** Position in the answer; drives the colour. */
  index: number;
  /** What people read ("Person 1"): index + 1. NHN's own id stays `personId`. */
  number: number;
  /** Colour, halo, marker shape and number. */
  colour: PersonStyle;
  /** False when another person is solo. */
  shown: boolean;
  /** True when another person is selected. */
  dimmed: boolean;
  selected: boolean;
  points: PointView[];
  /** Only limbs whose both ends are visible. */
  limbs: LimbView[];
}

export interface PoseViewModel {
  /** Every person in answer order (for lists). */
  persons: PersonView[];
  /** The shown persons in drawing order: the selected one last, so it lies on top. */
  drawOrder: PersonView[];
}

/** Group opacity of a person that is not the selected one. */
export const DIMMED_OPACITY = 0.3;

/** Below this score a keypoint at the origin or off-image is a "not found" placeholder. */
export const NOT_DETECTED_SCORE = 0.01;

/**
 * Models answer missing keypoints as (0,0) or off-image with score ~0. Such a point is listed
 * (so the table is complete) but never drawn in the corner. Unknown image size (0) only checks
 * for the origin.
 */
export function isNotDetected(
  kp: Pick<Keypoint, 'x' | 'y' | 'score'>,
  imageW: number,
  imageH: number,
): boolean {
  if (!(kp.score < NOT_DETECTED_SCORE)) return false;
  const atOrigin = Math.abs(kp.x) < 1 && Math.abs(kp.y) < 1;
  const outside = kp.x < 0 || kp.y < 0 || (imageW > 0 && kp.x > imageW) || (imageH > 0 && kp.y > imageH);
  return atOrigin || outside;
}

function buildPoints(person: Person, o: PoseViewOptions): PointView[] {
  return person.inferKeypointList.map((kp, index) => {
    const part = partOfKeypoint(kp.name, kp.part);
    const notDetected = isNotDetected(kp, o.imageWidth, o.imageHeight);
    return {
      personId: person.personId,
      index,
      name: kp.name,
      part,
      side: sideOfKeypoint(kp.name),
      known: keypointInfo(kp.name) !== undefined,
      x: kp.x,
      y: kp.y,
      score: kp.score,
      opacity: scoreToOpacity(kp.score, o.mapping),
      visible: !notDetected && o.parts[part] !== false && kp.score >= o.threshold,
      notDetected,
    };
  });
}

function buildLimbs(personId: string, points: readonly PointView[], mapping: OpacityMapping): LimbView[] {
  // Catalogue name -> the best-scoring visible point of that name (duplicates happen upstream).
  const byName = new Map<string, PointView>();
  for (const p of points) {
    if (!p.visible || !p.known) continue;
    const key = keypointInfo(p.name)!.name;
    const prev = byName.get(key);
    if (!prev || p.score > prev.score) byName.set(key, p);
  }
  const limbs: LimbView[] = [];
  for (const e of SKELETON_EDGES) {
    const a = byName.get(e.from);
    const b = byName.get(e.to);
    if (!a || !b) continue;
    const score = limbScore(a.score, b.score);
    limbs.push({
      personId,
      from: e.from,
      to: e.to,
      x1: a.x,
      y1: a.y,
      x2: b.x,
      y2: b.y,
      score,
      opacity: scoreToOpacity(score, mapping),
      side: e.side,
      part: e.part,
    });
  }
  return limbs;
}

export function buildPoseViewModel(result: PoseResult, options: PoseViewOptions): PoseViewModel {
  const solo = options.soloPersonId;
  const selected = options.selectedPersonId;
  const soloExists = solo !== undefined && result.keyPointList.some((p) => p.personId === solo);
  const selectedExists = selected !== undefined && result.keyPointList.some((p) => p.personId === selected);
  const persons = result.keyPointList.map((person, index): PersonView => {
    const points = buildPoints(person, options);
    const isSelected = selectedExists && person.personId === selected;
    const colour = options.styleOf?.(person.personId, index) ?? personColour(index);
    return {
      personId: person.personId,
      index,
      number: colour.number,
      colour,
      shown: !soloExists || person.personId === solo,
      dimmed: selectedExists && !isSelected,
      selected: isSelected,
      points,
      limbs: buildLimbs(person.personId, points, options.mapping),
    };
  });
  const shown = persons.filter((p) => p.shown);
  const drawOrder = [...shown.filter((p) => !p.selected), ...shown.filter((p) => p.selected)];
  return { persons, drawOrder };
}

export interface PersonSummary {
  personId: string;
  /** Mean score over all keypoints of the person (0 when it has none). */
  meanScore: number;
  total: number;
  /** Keypoints with score >= threshold. */
  countAbove: number;
  /** Keypoints with score >= threshold, per part group. */
  countByPart: Record<PartGroup, number>;
  /** All keypoints per part group, whatever their score. */
  totalByPart: Record<PartGroup, number>;
}

function zeroByPart(): Record<PartGroup, number> {
  return { body: 0, foot: 0, face: 0, hand: 0, other: 0 };
}

export function personSummary(person: Person, threshold: number): PersonSummary {
  const countByPart = zeroByPart();
  const totalByPart = zeroByPart();
  let sum = 0;
  let countAbove = 0;
  for (const kp of person.inferKeypointList) {
    const part = partOfKeypoint(kp.name, kp.part);
    sum += kp.score;
    totalByPart[part] += 1;
    if (kp.score >= threshold) {
      countAbove += 1;
      countByPart[part] += 1;
    }
  }
  const total = person.inferKeypointList.length;
  return {
    personId: person.personId,
    meanScore: total > 0 ? sum / total : 0,
    total,
    countAbove,
    countByPart,
    totalByPart,
  };
}
