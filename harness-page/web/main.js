import { createBaselineRunner } from './baseline-runner.js';
import { createCommandHandler } from './command-handler.js';
import { collectEnvironment } from './env.js';
import { describeError } from './errors.js';
import { createKernelRunner } from './kernel-runner.js';
import { createInputCache } from './gemm-inputs.js';
import { createModelBaselineRunner } from './model-baseline-runner.js';
import { createModelRunner } from './model-runner.js';
import { createFrameCollector, cssAnimation } from './qoe/frames.js';
import { createMemoryCollector } from './qoe/memory.js';
import { createResponsivenessCollector } from './qoe/responsiveness.js';
import { createQoeRunner } from './qoe/run-qoe.js';

/** Logs held until `hello` is out; more than this means something is looping. */
const MAX_PENDING_LOGS = 100;

const statusLine = document.getElementById('status');
const showStatus = (text) => {
  statusLine.textContent = text;
};

let socket = null;
/** False until `hello` is sent: the protocol wants it to be the first message. */
let helloSent = false;
const pendingLogs = [];

const send = (message) => socket.send(JSON.stringify(message));

function forwardLog(level, message) {
  const log = { type: 'log', level, message };
  if (helloSent) send(log);
  else if (pendingLogs.length < MAX_PENDING_LOGS) pendingLogs.push(log);
}

function formatLogArgument(value) {
  if (value instanceof Error) return value.stack ?? describeError(value);
  if (typeof value !== 'object' || value === null) return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return String(value); // cyclic
  }
}

for (const level of ['error', 'warn']) {
  const original = console[level].bind(console);
  console[level] = (...args) => {
    original(...args);
    forwardLog(level, args.map(formatLogArgument).join(' '));
  };
}
addEventListener('error', (event) => {
  const what = event.error == null ? event.message : formatLogArgument(event.error);
  forwardLog('error', `uncaught ${what} (${event.filename}:${event.lineno}:${event.colno})`);
});
addEventListener('unhandledrejection', (event) => {
  forwardLog('error', `unhandled rejection: ${formatLogArgument(event.reason)}`);
});

/**
 * The QoE collectors with the page's own clock, timers and observers.
 *
 * @param {Element} scenery animated while frames are counted, and the target of synthetic input
 * @returns {Record<string, import('./qoe/run-qoe.js').CollectorFactory>}
 */
function pageCollectors(scenery) {
  return {
    memory: ({ wasmBytes, weightsBytes }) => createMemoryCollector({ wasmBytes, weightsBytes }),
    frames: () => createFrameCollector({ animation: cssAnimation(scenery) }),
    responsiveness: () => createResponsivenessCollector({ target: scenery }),
  };
}

function connect(token) {
  // Starts at once (a WebGPU adapter request can take seconds), in parallel with the handshake.
  const environment = collectEnvironment();
  // One input cache: kernels and baselines of a shape run on the same A and B.
  const inputsFor = createInputCache();
  const kernels = createKernelRunner({ inputsFor });
  addEventListener('pagehide', kernels.close);
  // The baselines' runtimes are served from the page's own vendor/ folder (see pom.xml), never a CDN.
  const { runBaseline } = createBaselineRunner({ inputsFor, vendorUrl: new URL('vendor/', location.href) });
  const qoe = createQoeRunner({ inputsFor, collectors: pageCollectors(document.getElementById('qoe-scenery')) });
  addEventListener('pagehide', qoe.close);
  const models = createModelRunner();
  addEventListener('pagehide', models.close);
  const { runModelBaseline } = createModelBaselineRunner({ vendorUrl: new URL('vendor/', location.href) });
  const handle = createCommandHandler({
    runKernel: kernels.runKernel, runBaseline, runQoe: qoe.runQoe, runModel: models.runModel, runModelBaseline, showStatus,
  });
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  socket = new WebSocket(`${scheme}://${location.host}/page?token=${encodeURIComponent(token)}`);
  showStatus(`connecting to agent at ${location.host}`);

  // Everything sent goes through one chain: hello first, then one answer per command, in order.
  let queue = Promise.resolve();
  const enqueue = (task) => {
    queue = queue.then(task).catch((error) => console.error('harness page:', error));
  };
  let opened = false;

  socket.addEventListener('open', () => {
    opened = true;
    showStatus('connected, reporting environment');
    enqueue(async () => {
      send({ type: 'hello', env: await environment });
      helloSent = true;
      pendingLogs.splice(0).forEach(send);
      showStatus('connected, waiting for commands');
    });
  });
  socket.addEventListener('message', (event) => {
    let command;
    try {
      command = JSON.parse(event.data);
    } catch (error) {
      enqueue(() => send({ type: 'error', id: null, message: `unparseable command: ${describeError(error)}` }));
      return;
    }
    enqueue(async () => send(await handle(command)));
  });
  socket.addEventListener('close', (event) => {
    helloSent = false;
    const why = `code ${event.code}${event.reason ? `, ${event.reason}` : ''}`;
    showStatus(opened ? `disconnected from agent (${why})` : `could not connect to agent at ${location.host} (${why})`);
  });
}

const token = new URLSearchParams(location.search).get('token');
if (token) connect(token);
else showStatus('no token: the agent opens this page as index.html?token=...');
