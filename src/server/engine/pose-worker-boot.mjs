// Entry file of a pose worker thread. On Node 20, `new Worker(file.ts, { execArgv: ['--import',
// 'tsx'] })` fails with ERR_UNKNOWN_FILE_EXTENSION (the loader hooks are not active yet when the
// worker's entry module is resolved), so this plain-JS entry registers tsx's ESM hooks itself and
// then imports the TypeScript worker. Works under `node --import tsx`, vitest and Vite's
// ssrLoadModule alike, because it depends on nothing but the file system.
import { register } from 'tsx/esm/api';

register();
await import('./pose-worker.ts');
