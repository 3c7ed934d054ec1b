import { z } from 'zod';

// The NHN Cloud Pose Estimation envelope (../shared/nhn-pose-api.md).
// "Raw*" schemas are lenient: they accept every variant NHN documents or shows.
// The un-prefixed schemas are the strict, normalised shape that our server answers and the
// browser draws from: the array is always `inferKeypointList`, personId always a string.

export const PART_GROUPS = ['body', 'foot', 'face', 'hand'] as const;
export const PartGroup = z.enum([...PART_GROUPS, 'other']);
export type PartGroup = z.infer<typeof PartGroup>;

export const EnvelopeHeader = z.object({
  isSuccessful: z.boolean(),
  resultCode: z.number().int(),
  resultMessage: z.string(),
});
export type EnvelopeHeader = z.infer<typeof EnvelopeHeader>;

/** Coordinates in the uploaded image's pixels; score is confidence 0..1. */
export const RawKeypoint = z.looseObject({
  name: z.string().min(1),
  part: z.string().optional(),
  x: z.number(),
  y: z.number(),
  score: z.number().min(0).max(1),
});

export const RawPerson = z
  .looseObject({
    personId: z.union([z.string(), z.number()]).optional(),
    // nullish: JSON serialisers often write null for an empty list.
    inferKeypointList: z.array(RawKeypoint).nullish(),
    inferKeypoints: z.array(RawKeypoint).nullish(),
  })
  .refine((p) => p.inferKeypointList !== undefined || p.inferKeypoints !== undefined, {
    message: 'a person needs inferKeypointList (or inferKeypoints)',
  });

export const RawPoseResult = z.looseObject({
  fileType: z.string().optional(),
  numberOfPerson: z.number().int().nonnegative().optional(),
  keyPointList: z.array(RawPerson).nullish(),
});

export const RawEnvelope = z.looseObject({
  header: EnvelopeHeader,
  result: RawPoseResult.nullish(),
});
export type RawEnvelope = z.infer<typeof RawEnvelope>;

export const Keypoint = z.object({
  name: z.string(),
  part: PartGroup,
  x: z.number(),
  y: z.number(),
  score: z.number().min(0).max(1),
});
export type Keypoint = z.infer<typeof Keypoint>;

export const Person = z.object({
  personId: z.string(),
  inferKeypointList: z.array(Keypoint),
});
export type Person = z.infer<typeof Person>;

export const PoseResult = z.object({
  /** Lower-case extension without a dot: "jpg", "png", "webp". */
  fileType: z.string(),
  numberOfPerson: z.number().int().nonnegative(),
  keyPointList: z.array(Person),
});
export type PoseResult = z.infer<typeof PoseResult>;

/** PoseScope's own additions; NHN clients ignore unknown fields, so the contract stays intact. */
export const PoseMeta = z.object({
  provider: z.enum(['local', 'nhn']),
  /** e.g. "movenet-multipose@384" or "nhn-cloud". */
  model: z.string(),
  /** Size of the uploaded image after EXIF orientation: the frame the coordinates refer to. */
  imageWidth: z.number().int().positive().optional(),
  imageHeight: z.number().int().positive().optional(),
  /** Set when our server changed the image before analysis (e.g. "webp converted to jpeg for NHN"). */
  converted: z.string().optional(),
  /** Milliseconds spent per stage on the server. */
  timings: z.record(z.string(), z.number().nonnegative()).optional(),
  /**
   * People the engine saw but did not return (scores just under its cut). Above 0, looking
   * harder (quality=accurate) may find them. Absent for NHN.
   */
  unconfirmedPeople: z.number().int().nonnegative().optional(),
  /** The body quality that answered (fast | balanced | accurate); absent for NHN. */
  quality: z.enum(['fast', 'balanced', 'accurate']).optional(),
});
export type PoseMeta = z.infer<typeof PoseMeta>;

export const PoseSuccess = z.object({
  header: EnvelopeHeader.extend({ isSuccessful: z.literal(true) }),
  result: PoseResult,
  meta: PoseMeta.optional(),
});
export type PoseSuccess = z.infer<typeof PoseSuccess>;

export const PoseFailure = z.object({
  header: EnvelopeHeader.extend({ isSuccessful: z.literal(false) }),
  /** For schema failures: the path of the offending field, e.g. "result.keyPointList.0.inferKeypointList.3.score". */
  field: z.string().optional(),
});
export type PoseFailure = z.infer<typeof PoseFailure>;

export const PoseEnvelope = z.union([PoseSuccess, PoseFailure]);
export type PoseEnvelope = z.infer<typeof PoseEnvelope>;

/** Example of a normalised success answer (the shape `POST /api/pose` sends). */
export const POSE_SUCCESS_EXAMPLE: PoseSuccess = {
  header: { isSuccessful: true, resultCode: 0, resultMessage: 'SUCCESS' },
  result: {
    fileType: 'png',
    numberOfPerson: 1,
    keyPointList: [
      {
        personId: '0',
        inferKeypointList: [{ name: 'nose', part: 'body', x: 367.151489, y: 79.552887, score: 0.976 }],
      },
    ],
  },
};
