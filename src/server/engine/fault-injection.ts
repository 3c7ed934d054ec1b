// A failure on purpose, for the tests that prove no tensor leaks when a run fails halfway
// (docs/engine.md). Set once per worker from WorkerInit.fault; never set in production.
let armed: string | undefined;

export function armFault(point: string | undefined): void {
  armed = point;
}

/** Throws when the worker was started with this fault point armed. */
export function faultPoint(point: string): void {
  if (armed === point) throw new Error(`injected fault at ${point}`);
}
