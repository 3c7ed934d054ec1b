// Loads a TF.js graph model (model.json + weight shards) from the local disk. Node's fetch cannot
// read file:// URLs, so the files are read here and handed to tfjs through tf.io.fromMemory.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { io } from '@tensorflow/tfjs-core';
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';
import { z } from 'zod';

const ModelJson = z.looseObject({
  modelTopology: z.record(z.string(), z.unknown()),
  weightsManifest: z.array(
    z.object({
      paths: z.array(z.string()),
      weights: z.array(
        z.looseObject({
          name: z.string(),
          shape: z.array(z.number()),
          dtype: z.enum(['float32', 'int32', 'bool', 'string', 'complex64']),
          quantization: z
            .looseObject({
              dtype: z.enum(['uint16', 'uint8', 'float16']),
              scale: z.number().optional(),
              min: z.number().optional(),
            })
            .optional(),
        }),
      ),
    }),
  ),
  format: z.string().optional(),
  generatedBy: z.string().optional(),
  convertedBy: z.string().nullish(),
  signature: z.record(z.string(), z.unknown()).optional(),
});

export async function loadModelFromDisk(jsonPath: string): Promise<GraphModel> {
  const json = ModelJson.parse(JSON.parse(await readFile(jsonPath, 'utf8')));
  const dir = dirname(jsonPath);
  const shards = await Promise.all(
    json.weightsManifest.flatMap((group) => group.paths.map((p) => readFile(join(dir, p)))),
  );
  const total = shards.reduce((n, b) => n + b.byteLength, 0);
  const weightData = new Uint8Array(total);
  let offset = 0;
  for (const b of shards) {
    weightData.set(b, offset);
    offset += b.byteLength;
  }
  const artifacts: io.ModelArtifacts = {
    modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
    weightData: weightData.buffer,
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy ?? null,
    signature: json.signature,
  };
  const model = await loadGraphModel(io.fromMemory(artifacts));
  // The weights now live in the backend (wasm memory). GraphModel keeps the artifacts object for
  // save(), which we never call: dropping the buffer saves its size (up to 12 MB) per model.
  artifacts.weightData = undefined;
  return model;
}
