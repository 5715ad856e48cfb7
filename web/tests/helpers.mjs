// Shared test plumbing: free ports, web/serve.py, a fake Rasa socket.io server, Chromium.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import net from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Server } from 'socket.io';
import { chromium } from 'playwright-core';

export const WEB_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const OFFLINE_TEXT =
  "I can't reach the assistant right now. If you're worried about your symptoms, please see a doctor.";

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// serve.py processes still running; stopped however this test process ends, so an
// interrupted run leaves none behind.
const children = new Set();
function stopChildren() {
  for (const child of children) child.kill('SIGTERM');
}
process.once('exit', stopChildren);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    stopChildren();
    process.exit(130);
  });
}

async function waitForHttp(url, timeoutMs, child) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    if (child && child.spawnError) throw new Error(`cannot start web/serve.py: ${child.spawnError.message}`);
    if (child && child.exitCode !== null) {
      throw new Error(`web/serve.py exited with code ${child.exitCode}`);
    }
    try {
      const response = await fetch(url);
      if (response.ok) return;
      lastError = new Error(`HTTP ${response.status}`);
    } catch (error) {
      lastError = error;
    }
    await sleep(100);
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms: ${lastError}`);
}

/** PYTHON (default python3); a relative path is taken from where npm was started. */
function pythonCommand() {
  const python = process.env.PYTHON || 'python3';
  if (!python.includes('/')) return python;
  return resolve(process.env.INIT_CWD || process.cwd(), python);
}

/** Starts web/serve.py on a loopback port; resolves once it answers. */
export async function startWebServer({ webPort, rasaPort, env = {} } = {}) {
  webPort = webPort ?? (await freePort());
  const child = spawn(pythonCommand(), ['serve.py'], {
    cwd: WEB_DIR,
    env: { ...process.env, WEB_PORT: String(webPort), RASA_PORT: String(rasaPort), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  child.once('error', (error) => {
    child.spawnError = error;
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const url = `http://127.0.0.1:${webPort}`;
  try {
    await waitForHttp(`${url}/config.js`, 15000, child);
  } catch (error) {
    child.kill();
    throw new Error(`${error.message}\n${stderr}`);
  }
  return {
    url,
    port: webPort,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

const anythingElse = [
  { content_type: 'text', title: "That's everything", payload: '/done' },
  { content_type: 'text', title: 'Something else', payload: '/affirm' },
];

/**
 * What the fake assistant answers, in the shapes Rasa 3.6's socketio channel emits:
 * one bot_uttered per text paragraph, buttons as `quick_replies`, and a custom
 * message's `data` emitted as the payload itself ({type: "assessment", urgency}).
 */
export function fakeReplies(text) {
  const said = text.toLowerCase();
  if (said === '/restart') return [{ text: "Okay, let's start again. I've cleared everything you told me." }];
  if (said === '/delete_my_data') {
    return [{
      text: 'This erases our conversation and any record of your assessment. Delete everything?',
      quick_replies: [
        { content_type: 'text', title: 'Yes, delete everything', payload: '/affirm' },
        { content_type: 'text', title: 'No, keep it', payload: '/deny' },
      ],
    }];
  }
  if (said.includes('armpit')) {
    return [
      { text: "Thank you, I've added a lump in the armpit and an ache in the hips." },
      { text: 'Have you noticed anything else? Describe it, or tell me that\'s everything.', quick_replies: anythingElse },
    ];
  }
  if (said === '/done' || said.includes("that's everything")) {
    return [
      {
        text: 'When did you first notice this? A rough idea is fine, for example "about three weeks".',
        quick_replies: [
          { content_type: 'text', title: 'A few days', payload: 'a few days' },
          { content_type: 'text', title: 'A few weeks', payload: 'a few weeks' },
          { content_type: 'text', title: 'Months or longer', payload: 'a few months' },
        ],
      },
    ];
  }
  if (said.includes('month') || said.includes('weeks') || said.includes('days')) {
    return [
      {
        text: 'Have you ever been diagnosed with breast cancer?',
        quick_replies: [
          { content_type: 'text', title: 'Yes', payload: '/affirm' },
          { content_type: 'text', title: 'No', payload: '/deny' },
          { content_type: 'text', title: 'Not sure', payload: '/dont_know' },
        ],
      },
    ];
  }
  if (said === '/deny' || said === 'no') {
    return [
      { type: 'assessment', urgency: 'soon', sites: ['lymph_nodes', 'bone'] },
      { text: 'Here is what I understood: a lump in the armpit and an ache in the hips, for a few weeks.' },
      {
        text:
          'Symptoms like these often have other causes, and most are not cancer. But if breast cancer has spread, they can be a sign that it may involve:\n' +
          '• the lymph nodes (because of the lump in the armpit)\n' +
          '• the bones (because of the ache in the hips)',
      },
      {
        text:
          'Urgency: soon. Please book an appointment to see a doctor within the next two weeks.\n' +
          'This is not a diagnosis. If things get suddenly worse, get help straight away.',
      },
    ];
  }
  if (said.includes('seizure')) {
    return [
      { type: 'assessment', urgency: 'emergency', possible_sites: ['brain'] },
      { text: 'EMERGENCY: a seizure needs help now. Call your local emergency number (911, 999 or 112).' },
      { text: 'Once you are safe, see a doctor about what happened.' },
    ];
  }
  if (said.includes('coughing blood')) {
    return [
      { text: 'EMERGENCY: coughing up blood needs help now. Call 911, 999 or 112.' },
      { text: 'Then see a doctor.' },
    ];
  }
  if (said.includes('headache')) {
    return [
      { custom: { type: 'assessment', urgency: 'urgent' } },
      { text: 'New headaches that keep coming back can be linked to the brain.' },
      { text: 'Urgency: URGENT. Please see a doctor today, or within the next 24 hours.' },
    ];
  }
  if (said.includes('html')) {
    return [
      {
        text: '<img src=x onerror="window.__xss=1"><b>bold</b><script>window.__xss=2</script> & done',
      },
    ];
  }
  if (said.includes('bullets')) {
    return [{ text: 'First line\nSecond line\n- first point\n- second point\nAfter the list' }];
  }
  if (said.includes('long word')) {
    return [{ text: 'Averyveryveryveryveryveryveryveryveryveryverylongwordwithoutanybreaksinsideit' }];
  }
  return [{ text: "Sorry, I didn't quite understand." }];
}

/**
 * A socket.io v4 server on 127.0.0.1:`port` that answers like our channel
 * (channels/socketio.py) in the page's eyes: it confirms a session, a room per session.
 */
export async function startFakeRasa({ port, origins, delayMs = 60, slowMs = 1500 } = {}) {
  port = port ?? (await freePort());
  const httpServer = createServer();
  const io = new Server(httpServer, { path: '/socket.io', cors: { origin: origins } });
  const log = { sessionRequests: [], messages: [], confirmed: [] };
  let counter = 0;

  io.on('connection', (socket) => {
    socket.on('session_request', (data) => {
      log.sessionRequests.push(data ?? null);
      const id = data && data.session_id ? data.session_id : `fake${Date.now()}x${++counter}`;
      socket.join(id);
      log.confirmed.push(id);
      socket.emit('session_confirm', id);
    });
    // Like python-socketio, acknowledge (when asked) once the handler has finished,
    // that is after the replies went out; and, like it, drop events that arrive after
    // the client disconnected.
    socket.on('user_uttered', async (data, ack) => {
      log.messages.push(data);
      if (data && data.session_id) {
        const replies = fakeReplies(String(data.message ?? ''));
        await sleep(String(data.message).toLowerCase().includes('slow') ? slowMs : delayMs * 3);
        for (const reply of replies) {
          io.to(data.session_id).emit('bot_uttered', reply);
          await sleep(delayMs);
        }
      } // without a session id Rasa ignores the message (session_persistence)
      if (typeof ack === 'function') ack();
    });
  });

  await new Promise((resolve) => httpServer.listen(port, '127.0.0.1', resolve));
  return {
    port,
    log,
    stop: () =>
      new Promise((resolve) => {
        io.close(() => resolve());
      }),
  };
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * Debian's Chromium through playwright-core, headless, with a fresh profile.
 * A missing Chromium is an error, never a skip: the browser tests must run in CI.
 */
export async function launchBrowser() {
  const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium not found at ${executablePath}. Install it: apt-get install -y chromium ` +
        '(or set CHROMIUM_PATH). The browser tests do not skip without it.',
    );
  }
  // launch() gives every run a fresh temporary --user-data-dir of its own.
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}

// --- page helpers ---------------------------------------------------------------------

export async function openChat(context, url) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error));
  page.pageErrors = errors;
  await page.goto(url);
  await page.waitForSelector('body[data-session="ready"]', { timeout: 15000 });
  return page;
}

export async function typeAndSend(page, text) {
  await page.fill('#message-input', text);
  await page.press('#message-input', 'Enter');
}

/** Texts of the assistant's messages (not the static introduction). */
export function botTexts(page) {
  return page.$$eval('#messages .msg--bot:not(.msg--intro) .msg__body', (nodes) =>
    nodes.map((node) => node.innerText),
  );
}

export function userTexts(page) {
  return page.$$eval('#messages .msg--user .msg__body', (nodes) => nodes.map((node) => node.innerText));
}

export async function waitForBotCount(page, count, timeout = 10000) {
  await page.waitForFunction(
    (n) => document.querySelectorAll('#messages .msg--bot:not(.msg--intro)').length >= n,
    count,
    { timeout },
  );
}

export async function waitFor(predicate, timeout = 5000, what = 'condition') {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if (await predicate()) return;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}
