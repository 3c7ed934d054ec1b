// `npm test`: every check the project has, in the order CI runs them (README.md "Tests", docs/testing.md):
// typecheck, lint, format, unit tests, build, e2e. Each step's own output streams through; the
// very last line is the summary `N passed, N failed` (unit + e2e tests; skipped count as neither;
// a failing typecheck / lint / format / build step, or a runner that crashed before reporting,
// counts as 1 failed). Exit code 1 when anything failed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stripVTControlCharacters } from 'node:util';

const root = resolve(import.meta.dirname, '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
// Playwright clears test-results/ when it starts, so the JSON reports live in the ignored cache.
const reportDir = join(root, '.cache', 'test-reports');
const vitestJson = join(reportDir, 'vitest.json');
const playwrightJson = join(reportDir, 'playwright.json');

let passed = 0;
let failed = 0;
const problems = [];
// CI shows only the tail of the output: the failing tests are named again just above the summary.
const failures = [];

/** The first line of a failure message, without terminal colours, kept short. */
function firstLine(message) {
  const plain = stripVTControlCharacters(String(message ?? ''));
  const line = plain.split('\n').find((l) => l.trim() !== '') ?? '';
  return line.trim().slice(0, 300);
}

function run(title, command, args, env = {}) {
  console.log(`\n=== ${title}: ${[command, ...args].map((a) => a.replace(root + '/', '')).join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0', ...env },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = result.status === 0;
  console.log(
    `=== ${title}: ${ok ? 'ok' : `FAILED (exit ${result.status ?? result.signal})`} in ${seconds} s`,
  );
  return ok;
}

/** A step whose outcome is one pass or one failure (typecheck, lint, format, build). */
function gate(title, command, args) {
  const ok = run(title, command, args);
  if (!ok) {
    failed += 1;
    problems.push(title);
  }
  return ok;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Vitest's JSON (Jest-compatible): passed/failed tests, plus files that failed to load at all. */
function countVitest(ok) {
  const report = readJson(vitestJson);
  if (!report) {
    failed += 1;
    problems.push('unit tests (vitest did not write a report)');
    return;
  }
  // A file that failed with no failed test in it did not load at all: one failure of its own.
  let brokenFiles = 0;
  for (const file of report.testResults ?? []) {
    const where = file.name.replace(root + '/', '');
    const failedTests = (file.assertionResults ?? []).filter((a) => a.status === 'failed');
    for (const a of failedTests)
      failures.push(`unit ${where} > ${a.fullName}: ${firstLine(a.failureMessages?.[0])}`);
    if (file.status === 'failed' && failedTests.length === 0) {
      brokenFiles += 1;
      failures.push(`unit ${where} did not load: ${firstLine(file.message)}`);
    }
  }
  passed += report.numPassedTests ?? 0;
  failed += (report.numFailedTests ?? 0) + brokenFiles;
  if ((report.numFailedTests ?? 0) + brokenFiles > 0) problems.push('unit tests');
  else if (!ok && (report.numTotalTests ?? 0) > 0) {
    // Vitest failed for a reason outside any test (e.g. an unhandled error): count it.
    failed += 1;
    problems.push('unit tests (runner error)');
  }
}

/** Playwright's JSON: expected = passed, unexpected = failed, flaky = passed on retry. */
function countPlaywright(ok) {
  const report = readJson(playwrightJson);
  if (!report?.stats) {
    failed += 1;
    problems.push('e2e (playwright did not write a report)');
    return;
  }
  const { expected = 0, unexpected = 0, flaky = 0 } = report.stats;
  collectPlaywrightFailures(report.suites ?? [], []);
  for (const e of report.errors ?? []) failures.push(`e2e error outside tests: ${firstLine(e.message)}`);
  passed += expected + flaky;
  failed += unexpected;
  // Errors outside tests: a web server that did not start, a broken global setup, ...
  const outside = (report.errors ?? []).length;
  failed += outside;
  if (unexpected + outside > 0) problems.push('e2e');
  else if (!ok) {
    failed += 1;
    problems.push('e2e (runner error)');
  }
}

/** Walks Playwright's suite tree; a test whose last result is not a pass is named with its error. */
function collectPlaywrightFailures(suites, titles) {
  for (const suite of suites) {
    const path = suite.title ? [...titles, suite.title] : titles;
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        if (t.status !== 'unexpected') continue;
        const last = (t.results ?? []).at(-1);
        failures.push(
          `e2e [${t.projectName}] ${[...path, spec.title].join(' > ')}: ${firstLine(last?.error?.message)}`,
        );
      }
    }
    collectPlaywrightFailures(suite.suites ?? [], path);
  }
}

mkdirSync(reportDir, { recursive: true });
rmSync(vitestJson, { force: true });
rmSync(playwrightJson, { force: true });

gate('typecheck', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
gate('lint', bin('eslint'), ['.', '--max-warnings=0']);
// test-data/ holds third-party data files kept byte for byte as published (read-only): not ours to format.
gate('format', bin('prettier'), ['--check', '.', '!test-data/**']);

const unitOk = run('unit tests', bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestJson}`,
]);
countVitest(unitOk);

if (gate('build', process.execPath, ['scripts/build.mjs'])) {
  const e2eOk = run('e2e tests', bin('playwright'), ['test', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_FILE: playwrightJson,
  });
  countPlaywright(e2eOk);
} else {
  console.log('=== e2e tests: not run (the build failed)');
}

if (problems.length > 0) console.log(`\nFailed: ${problems.join(', ')}`);
for (const f of failures) console.log(`  x ${f}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
