import type { Person } from '@/contract/pose-envelope';
import { COCO17_NAMES, keypointInfo } from './keypoint-catalogue';
import { COCO_BODY_SIGMAS, oks, type PosePoint } from './oks';
import { PERSON_PALETTE } from './person-palette';

// Tracking people across the frames of a video: every person of a frame gets a track id that
// stays the same while the same person is seen again.
//
// The rule, frame after frame (times in seconds, increasing):
// 1. Live tracks are those seen at most `maxGap` seconds before this frame; older tracks end and
//    their ids are never given again.
// 2. Each live track predicts where its person is now: its last pose moved by its last velocity
//    (box centre, pixels/s) for the time since it was seen, at most `maxPredict` seconds ahead.
//    So two people who cross each other with smooth motion are each expected on their own path.
//    A velocity comes only from a confident match (similarity >= `minVelocitySimilarity`): a
//    doubtful one (a cut in the video, a person replaced by another) would fling the prediction
//    away. The similarity is the better of the predicted and the last-seen pose's, so a wrong
//    velocity never hides a person who stood still.
// 3. Similarity of a track and a person: body OKS of the person against the predicted pose, with
//    the predicted box's area as the scale and COCO's sigmas times `sigmaScale` (3): COCO's
//    sigmas measure annotation noise, while 0.2 s between frames moves a walking person a third
//    of their width, which plain OKS scores near 0 before the track's velocity is known. When they share fewer than `minSharedKeypoints`
//    confident body keypoints (a face-only or hand-only answer, a person turned away) the
//    similarity is the IoU of their keypoint boxes instead.
// 4. Greedy matching: the best (track, person) pair first, then the next best among the rest,
//    as long as the similarity is at least `minSimilarity`.
// 5. An unmatched person opens a new track: the next id (1, 2, 3...) and the lowest colour index
//    no live track holds, so people on screen together never share a colour while there are
//    enough colours.
// The state is plain data (JSON-serialisable): trackFrame returns a new state, never mutates.

export interface TrackerOptions {
  /** A track unseen for longer than this (seconds) ends; a person back within it keeps the id. */
  maxGap: number;
  /** Below this similarity (OKS or IoU, 0..1) a person is not the track's person. */
  minSimilarity: number;
  /** Keypoints below this score take no part in matching. */
  keypointMin: number;
  /** Confident body keypoints both poses must share for OKS; else box IoU decides. */
  minSharedKeypoints: number;
  /** Extrapolate a track's motion at most this many seconds past its last sighting. */
  maxPredict: number;
  /** Colour indices handed out (the palette's size by default). */
  colours: number;
  /** COCO's OKS sigmas are multiplied by this: tolerance for motion between sampled frames. */
  sigmaScale: number;
  /** A match below this similarity updates the track's pose but sets its velocity to 0. */
  minVelocitySimilarity: number;
}

export const DEFAULT_TRACKER_OPTIONS: TrackerOptions = {
  maxGap: 1,
  minSimilarity: 0.15,
  keypointMin: 0.2,
  minSharedKeypoints: 3,
  maxPredict: 0.5,
  colours: PERSON_PALETTE.length,
  sigmaScale: 3,
  minVelocitySimilarity: 0.5,
};

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface Track {
  id: number;
  colourIndex: number;
  /** Seconds: when the track's person was last seen. */
  lastTime: number;
  /** The 17 body keypoints in COCO order as last seen (score 0 where absent). */
  body: PosePoint[];
  /** Box of every confident keypoint (any part) as last seen; undefined when none. */
  box: Box | undefined;
  /** Box centre velocity in pixels per second (0 after a single sighting). */
  vx: number;
  vy: number;
}

export interface TrackerState {
  options: TrackerOptions;
  nextId: number;
  /** Live tracks (ended ones are dropped). */
  tracks: Track[];
  /** Time of the last frame, to refuse going back in time. */
  lastTime: number | undefined;
}

export interface TrackFrameInput {
  /** Seconds. */
  time: number;
  people: readonly Person[];
}

export interface TrackFrameOutput {
  state: TrackerState;
  /** Track id per person, in the frame's order. */
  ids: number[];
  /** Colour index per person (stable for the track), in the frame's order. */
  colourIndices: number[];
}

export function createTracker(options: Partial<TrackerOptions> = {}): TrackerState {
  return { options: { ...DEFAULT_TRACKER_OPTIONS, ...options }, nextId: 1, tracks: [], lastTime: undefined };
}

const BODY_INDEX: ReadonlyMap<string, number> = new Map(COCO17_NAMES.map((n, i) => [n, i]));

/** A person's 17 body keypoints in COCO order (best score per name; score 0 where missing). */
export function bodyPoints(person: Person): PosePoint[] {
  const out: PosePoint[] = COCO17_NAMES.map(() => ({ x: 0, y: 0, score: 0 }));
  for (const kp of person.inferKeypointList) {
    const name = keypointInfo(kp.name)?.name;
    const i = name === undefined ? undefined : BODY_INDEX.get(name);
    if (i === undefined) continue;
    if (kp.score > out[i]!.score) out[i] = { x: kp.x, y: kp.y, score: kp.score };
  }
  return out;
}

/** Box of the keypoints (any part) scoring at least minScore; undefined when none or all on one point. */
export function keypointBox(points: readonly PosePoint[], minScore: number): Box | undefined {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const p of points) {
    if (p.score < minScore || !Number.isFinite(p.x) || !Number.isFinite(p.y)) continue;
    x0 = Math.min(x0, p.x);
    y0 = Math.min(y0, p.y);
    x1 = Math.max(x1, p.x);
    y1 = Math.max(y1, p.y);
  }
  return x0 === Infinity ? undefined : { x0, y0, x1, y1 };
}

export function boxIou(a: Box, b: Box): number {
  const ix = Math.max(0, Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0));
  const iy = Math.max(0, Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0));
  const inter = ix * iy;
  const union = (a.x1 - a.x0) * (a.y1 - a.y0) + (b.x1 - b.x0) * (b.y1 - b.y0) - inter;
  return union > 0 ? inter / union : 0;
}

function centre(b: Box): { x: number; y: number } {
  return { x: (b.x0 + b.x1) / 2, y: (b.y0 + b.y1) / 2 };
}

interface Observation {
  body: PosePoint[];
  box: Box | undefined;
}

function observe(person: Person, keypointMin: number): Observation {
  return { body: bodyPoints(person), box: keypointBox(person.inferKeypointList, keypointMin) };
}

/** The track's pose and box moved by its velocity to `time`. */
function predict(track: Track, time: number, maxPredict: number): Observation {
  const dt = Math.min(Math.max(0, time - track.lastTime), maxPredict);
  const dx = track.vx * dt;
  const dy = track.vy * dt;
  return {
    body: track.body.map((p) => ({ x: p.x + dx, y: p.y + dy, score: p.score })),
    box: track.box && {
      x0: track.box.x0 + dx,
      y0: track.box.y0 + dy,
      x1: track.box.x1 + dx,
      y1: track.box.y1 + dy,
    },
  };
}

/** Similarity 0..1 of an observed person to a track's predicted pose (rule 3 above). */
export function similarity(predicted: Observation, person: Observation, options: TrackerOptions): number {
  const min = options.keypointMin;
  let shared = 0;
  for (let i = 0; i < predicted.body.length; i++)
    if (predicted.body[i]!.score >= min && (person.body[i]?.score ?? 0) >= min) shared++;
  const refBox = keypointBox(predicted.body, min);
  if (shared >= options.minSharedKeypoints && refBox) {
    const area = (refBox.x1 - refBox.x0) * (refBox.y1 - refBox.y0);
    // Only keypoints both poses have count: a keypoint the person lacks says nothing about who it is.
    const ref = predicted.body.map((p, i) => ((person.body[i]?.score ?? 0) >= min ? p : { ...p, score: 0 }));
    const sigmas = COCO_BODY_SIGMAS.map((sigma) => sigma * options.sigmaScale);
    if (area > 0) return oks(person.body, ref, area, min - Number.EPSILON, sigmas);
  }
  return predicted.box && person.box ? boxIou(predicted.box, person.box) : 0;
}

function lowestFreeColour(tracks: readonly Track[], colours: number, id: number): number {
  const used = new Set(tracks.map((t) => t.colourIndex));
  for (let c = 0; c < colours; c++) if (!used.has(c)) return c;
  // More people than colours: cycle by id (person-palette adds a marker shape per round).
  return (id - 1) % Math.max(1, colours);
}

/**
 * Assigns track ids to the people of one frame. Frames must come in increasing time; a frame
 * earlier than the last one starts afresh (a new tracker), since going back in time means the
 * caller is tracking a different pass.
 */
export function trackFrame(state: TrackerState, frame: TrackFrameInput): TrackFrameOutput {
  const o = state.options;
  const base = state.lastTime !== undefined && frame.time < state.lastTime ? createTracker(o) : state;
  const live = base.tracks.filter((t) => frame.time - t.lastTime <= o.maxGap);
  const people = frame.people.map((p) => observe(p, o.keypointMin));
  const predicted = live.map((t) => predict(t, frame.time, o.maxPredict));
  const lastSeen = live.map((t) => predict(t, t.lastTime, 0));

  const pairs: { t: number; p: number; s: number }[] = [];
  predicted.forEach((pred, t) =>
    people.forEach((obs, p) => {
      const s = Math.max(similarity(pred, obs, o), similarity(lastSeen[t]!, obs, o));
      if (s >= o.minSimilarity) pairs.push({ t, p, s });
    }),
  );
  // Ties go to the older track and the earlier person, so the result does not depend on sort stability.
  pairs.sort((a, b) => b.s - a.s || a.t - b.t || a.p - b.p);
  const trackOf = new Array<number | undefined>(people.length).fill(undefined);
  const simOf = new Array<number>(people.length).fill(0);
  const takenTrack = new Set<number>();
  for (const { t, p, s } of pairs) {
    if (takenTrack.has(t) || trackOf[p] !== undefined) continue;
    takenTrack.add(t);
    trackOf[p] = t;
    simOf[p] = s;
  }

  const tracks: Track[] = live.map((t, i) => {
    const p = trackOf.indexOf(i);
    if (p < 0) return t;
    const obs = people[p]!;
    const dt = frame.time - t.lastTime;
    let vx = 0;
    let vy = 0;
    if (dt > 0 && obs.box && t.box && simOf[p]! >= o.minVelocitySimilarity) {
      const a = centre(t.box);
      const b = centre(obs.box);
      vx = (b.x - a.x) / dt;
      vy = (b.y - a.y) / dt;
    }
    return { ...t, lastTime: frame.time, body: obs.body, box: obs.box, vx, vy };
  });
  let nextId = base.nextId;
  const ids: number[] = [];
  const colourIndices: number[] = [];
  people.forEach((obs, p) => {
    const t = trackOf[p];
    if (t !== undefined) {
      ids.push(tracks[t]!.id);
      colourIndices.push(tracks[t]!.colourIndex);
      return;
    }
    const id = nextId++;
    const colourIndex = lowestFreeColour(tracks, o.colours, id);
    tracks.push({ id, colourIndex, lastTime: frame.time, body: obs.body, box: obs.box, vx: 0, vy: 0 });
    ids.push(id);
    colourIndices.push(colourIndex);
  });
  return { state: { options: o, nextId, tracks, lastTime: frame.time }, ids, colourIndices };
}

/** Tracks a whole sequence of frames (in time order) from a fresh tracker. */
export function trackSequence(
  frames: readonly TrackFrameInput[],
  options: Partial<TrackerOptions> = {},
): { ids: number[][]; colourIndices: number[][] } {
  let state = createTracker(options);
  const ids: number[][] = [];
  const colourIndices: number[][] = [];
  for (const f of frames) {
    const out = trackFrame(state, f);
    state = out.state;
    ids.push(out.ids);
    colourIndices.push(out.colourIndices);
  }
  return { ids, colourIndices };
}
