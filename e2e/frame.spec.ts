import { FIXTURE_PERSONS, fixturePixel } from './fake-nhn-upstream';
import { imagePath } from './fixture-images';
import { colourDistance, expect, test, type AppPage } from './fixtures';

// The answer's frame and the drawn frame are the same image: odd sizes (641 x 479, where a
// single scale for both axes would be off) and a PNG whose eXIf chunk says "rotate 90° clockwise"
// (Chromium draws it 479 x 641, and the server measures it 479 x 641 too). The keypoints land on
// the person: the server's coordinates, the stage's size, and the pixel colour under a dot.

const WRIST = FIXTURE_PERSONS[0]!.keypoints.find((k) => k.name === 'left_wrist')!;
const HIP = FIXTURE_PERSONS[1]!.keypoints.find((k) => k.name === 'right_hip')!;

async function expectDotsOnPeople(app: AppPage, width: number, height: number): Promise<void> {
  for (const [k, person] of [
    [WRIST, 0],
    [HIP, 1],
  ] as const) {
    const at = fixturePixel(k, width, height);
    const colour = await app.personColour(person);
    expect(
      colourDistance(await app.canvasPixel(at.x, at.y), colour),
      `${k.name} of person ${person}`,
    ).toBeLessThanOrEqual(48);
  }
}

for (const { file, stored, shown } of [
  { file: 'ok-odd.png', stored: '641 x 479', shown: { width: 641, height: 479 } },
  { file: 'ok-exif6.png', stored: '641 x 479, eXIf orientation 6', shown: { width: 479, height: 641 } },
]) {
  test(`${file} (${stored}): keypoints land on the people, no frame warning`, async ({ app }) => {
    await app.goto();
    const answer = await app.analyse(() => app.upload(imagePath(file)));
    // The server's frame is the displayed one...
    expect(answer.meta).toMatchObject({ imageWidth: shown.width, imageHeight: shown.height });
    const wrist = answer.result.keyPointList[0]!.inferKeypointList.find((k) => k.name === 'left_wrist')!;
    const want = fixturePixel(WRIST, shown.width, shown.height);
    expect(wrist.x).toBeCloseTo(want.x, 3);
    expect(wrist.y).toBeCloseTo(want.y, 3);
    // ...and so is the browser's.
    await expect(app.canvas).toHaveAttribute('data-image-size', JSON.stringify(shown));
    const rect = await app.imageRect();
    expect(rect.width / rect.height).toBeCloseTo(shown.width / shown.height, 2);
    await expect(app.page.getByTestId('frame-warning')).toHaveCount(0);
    await expectDotsOnPeople(app, shown.width, shown.height);
    // The tooltip reads the server's pixel coordinates.
    const tip = await app.hoverKeypoint(want.x, want.y);
    await expect(tip).toContainText(`x ${wrist.x.toFixed(1)}, y ${wrist.y.toFixed(1)}`);
  });
}
