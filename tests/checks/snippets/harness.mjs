// Runs rendered stepguard Node.js snippets the way a Pipedream code step runs.
//
// stdin: {"cases": [{"id", "module": "/abs/path.mjs", "request": {...}, "env": {...}}]}
// stdout: [{"id", "returned", "responses", "exited", "exports", "threw"}]
// A global defineComponent (identity) is installed; `$` records respond / flow.exit / export.
import { pathToFileURL } from "node:url";

globalThis.defineComponent = (component) => component;

const EXIT_SENTINEL = "__stepguard_flow_exit__";
const CASE_TIMEOUT_MS = 20000;

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

function recorder() {
  const record = { responses: [], exited: null, exports: {} };
  const $ = {
    respond: async (response) => {
      record.responses.push(JSON.parse(JSON.stringify(response)));
    },
    flow: {
      exit: (reason) => {
        record.exited = { reason: reason === undefined ? null : String(reason) };
        return { [EXIT_SENTINEL]: record.exited.reason };
      },
    },
    export: (name, value) => {
      record.exports[name] = value;
    },
  };
  return { $, record };
}

function withTimeout(promise) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`case timed out after ${CASE_TIMEOUT_MS} ms`)), CASE_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function runCase(testCase, modules, envKeys) {
  for (const key of envKeys) delete process.env[key];
  Object.assign(process.env, testCase.env || {});
  const { $, record } = recorder();
  const result = { id: testCase.id, returned: null, threw: null };
  try {
    if (!modules.has(testCase.module)) {
      modules.set(testCase.module, await import(pathToFileURL(testCase.module).href));
    }
    const component = modules.get(testCase.module).default;
    const steps = { trigger: { event: testCase.request, context: { id: "test-execution" } } };
    const returned = await withTimeout(Promise.resolve(component.run.call(component, { steps, $ })));
    result.returned = returned === undefined ? null : JSON.parse(JSON.stringify(returned));
  } catch (err) {
    result.threw = err && err.stack ? String(err.stack) : String(err);
  }
  return { ...result, ...record };
}

const input = JSON.parse(await readStdin());
const envKeys = new Set(input.cases.flatMap((c) => Object.keys(c.env || {})));
const modules = new Map();
const results = [];
for (const testCase of input.cases) results.push(await runCase(testCase, modules, envKeys));
process.stdout.write(JSON.stringify(results));
