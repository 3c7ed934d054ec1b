// Everything an export needs beyond its button, in one module that export-panel.tsx loads on
// the first click: Konva's offscreen PNG renderer and the JSON/CSV/COCO writers are not part of
// the first screen's JavaScript.

export { exportCocoJson } from '@/pose/export-coco';
export { exportCsv } from '@/pose/export-csv';
export { exportNhnJson } from '@/pose/export-nhn-json';
export { renderAnnotatedPng } from '@/client/canvas/render-png';
export { exportLabels } from './export-labels';
