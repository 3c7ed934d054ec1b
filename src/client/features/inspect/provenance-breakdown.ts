// Where the time of one analysis went, as parts that add up to the whole the user waited.
// The browser measures the whole (request sent -> answer parsed, plus drawing); the server
// reports its own stages (meta.timings / Server-Timing). Server clocks start while the upload
// is still arriving, so "server total" can overlap the upload and even exceed what the browser
// saw; each part is therefore clamped into the part that contains it, and the rest of each level
// is named ("upload and network", "other server work"), so the rows always sum to the total.

export type StageKey = 'network' | 'server' | 'inference' | 'draw';

export interface Breakdown {
  /** Everything the user waited for, ms. */
  totalMs: number;
  /** Inference alone, ms (undefined when the server did not report it). */
  inferenceMs: number | undefined;
  parts: { key: StageKey; ms: number }[];
}

function finite(v: number | undefined): number | undefined {
  return v !== undefined && Number.isFinite(v) && v >= 0 ? v : undefined;
}

export function provenanceBreakdown(
  clientTotalMs: number,
  serverStages: Readonly<Record<string, number>>,
  drawMs: number | undefined,
): Breakdown {
  const client = finite(clientTotalMs) ?? 0;
  const draw = finite(drawMs) ?? 0;
  const reportedInference = finite(serverStages.inference);
  const reportedServer = finite(serverStages.total) ?? reportedInference ?? 0;
  const server = Math.min(reportedServer, client);
  const inference = reportedInference === undefined ? undefined : Math.min(reportedInference, server);
  const parts: Breakdown['parts'] = [
    { key: 'network', ms: client - server },
    { key: 'server', ms: server - (inference ?? 0) },
  ];
  if (inference !== undefined) parts.push({ key: 'inference', ms: inference });
  if (drawMs !== undefined) parts.push({ key: 'draw', ms: draw });
  return { totalMs: client + draw, inferenceMs: inference, parts };
}
