// MediaPipe Face Mesh (468 points) to the 68-point iBUG / dlib layout that COCO-WholeBody's face
// keypoints use (face-0 .. face-67).
//
// Correspondence: Peizhi Yan, "Mediapipe_2_Dlib_Landmarks" (2024),
// https://github.com/PeizhiYan/Mediapipe_2_Dlib_Landmarks, mediapipe2dlib/mp2dlib.py
// (`mp2dlib_correspondence`). Where it lists two mesh points for one iBUG point, their mean is
// used, as there. iBUG numbering is from the subject's point of view: jaw 0 is at the subject's
// right ear, i.e. at the left of the image for a face looking at the camera.

/** For each iBUG point 0..67, the Face Mesh indices whose mean it is. */
export const IBUG_FROM_FACEMESH: readonly (readonly number[])[] = [
  // jaw line 0-16, subject's right to left
  [127],
  [234],
  [93],
  [132, 58],
  [58, 172],
  [136],
  [150],
  [176],
  [152],
  [400],
  [379],
  [365],
  [397, 288],
  [361],
  [323],
  [454],
  [356],
  // right brow 17-21, left brow 22-26
  [70],
  [63],
  [105],
  [66],
  [107],
  [336],
  [296],
  [334],
  [293],
  [300],
  // nose bridge 27-30, nostrils 31-35
  [168, 6],
  [197, 195],
  [5],
  [4],
  [75],
  [97],
  [2],
  [326],
  [305],
  // right eye 36-41, left eye 42-47
  [33],
  [160],
  [158],
  [133],
  [153],
  [144],
  [362],
  [385],
  [387],
  [263],
  [373],
  [380],
  // outer lips 48-59, inner lips 60-67
  [61],
  [39],
  [37],
  [0],
  [267],
  [269],
  [291],
  [321],
  [314],
  [17],
  [84],
  [91],
  [78],
  [82],
  [13],
  [312],
  [308],
  [317],
  [14],
  [87],
];

/** Face Mesh points 33 and 263: the outer corners of the subject's right and left eye. */
export const MESH_RIGHT_EYE_OUTER = 33;
export const MESH_LEFT_EYE_OUTER = 263;

/**
 * Picks the 68 iBUG points from a Face Mesh given as a flat array of (x, y, z) triples
 * (468 x 3 values); returns (x, y) pairs in the mesh's own coordinates.
 */
export function facemeshToIbug(mesh: ArrayLike<number>): { x: number; y: number }[] {
  if (mesh.length < 468 * 3) throw new Error(`a face mesh has 468 x 3 values, got ${mesh.length}`);
  return IBUG_FROM_FACEMESH.map((indices) => {
    let x = 0;
    let y = 0;
    for (const i of indices) {
      x += mesh[3 * i]!;
      y += mesh[3 * i + 1]!;
    }
    return { x: x / indices.length, y: y / indices.length };
  });
}
