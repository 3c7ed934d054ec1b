import { useMutation } from '@tanstack/react-query';
import {
  postPose,
  type PoseAnswer,
  type PoseRequestError,
  type PostPoseVariables,
} from '@/client/api/post-pose';

// One live frame is one POST /api/pose, sent through react-query like every server call. The
// hook is called once; each frame is its own mutateAsync, so two can be in flight. gcTime 0:
// thousands of finished frame mutations must not stay in the cache holding their answers.

export const cameraFrameMutationKey = ['pose', 'camera-frame'] as const;

export function useFrameMutation() {
  return useMutation<PoseAnswer, PoseRequestError | Error, PostPoseVariables>({
    mutationKey: cameraFrameMutationKey,
    mutationFn: postPose,
    retry: false,
    gcTime: 0,
  });
}
