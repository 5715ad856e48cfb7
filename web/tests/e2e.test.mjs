// End to end: the page, in Chromium, against the real Rasa server and action server.
// Needs the stack: E2E_RASA_URL (the Makefile sets it once the stack is up), e.g.
//   E2E_RASA_URL=http://127.0.0.1:5005 npm run test:e2e
// Without it the test FAILS rather than skips: a missing stack must not read as a pass.
// The page comes from E2E_WEB_URL when given (an already running serve.py); otherwise the
// test starts web/serve.py on WEB_PORT (default 8080), the origin Rasa's --cors allows.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { io } from 'socket.io-client';
import { launchBrowser, openChat, sleep, startWebServer, typeAndSend, userTexts } from './helpers.mjs';

const RASA_URL = process.env.E2E_RASA_URL;
const TURN_TIMEOUT_MS = 60000;

/** Waits until the assistant has answered the last message and gone quiet. */
async function waitForAnswer(page, botCountBefore) {
  const deadline = Date.now() + TURN_TIMEOUT_MS;
  let lastCount = -1;
  let stableSince = Date.now();
  while (Date.now() < deadline) {
    const count = await page.locator('#messages .msg--bot:not(.msg--intro)').count();
    const typing = await page.locator('#typing').isVisible();
    if (count !== lastCount) {
      lastCount = count;
      stableSince = Date.now();
    } else if (count > botCountBefore && !typing && Date.now() - stableSince > 1500) {
      return;
    }
    await sleep(200);
  }
  throw new Error(`no answer from the assistant within ${TURN_TIMEOUT_MS} ms`);
}

/** The assistant's messages since my last message, as text. */
function latestAnswer(page) {
  return page.evaluate(() => {
    const nodes = [...document.querySelectorAll('#messages .msg')];
    let start = 0;
    nodes.forEach((node, index) => {
      if (node.classList.contains('msg--user')) start = index + 1;
    });
    return nodes
      .slice(start)
      .map((node) => node.querySelector('.msg__body').innerText)
      .join('\n');
  });
}

async function say(page, text) {
  const before = await page.locator('#messages .msg--bot:not(.msg--intro)').count();
  await typeAndSend(page, text);
  await waitForAnswer(page, before);
}

/** Clicks the first enabled quick reply whose title matches, if the assistant offered one. */
async function clickReply(page, pattern) {
  const buttons = page.locator('.quick-reply:not([disabled])');
  const titles = await buttons.allInnerTexts();
  const index = titles.findIndex((title) => pattern.test(title));
  if (index < 0) return false;
  const before = await page.locator('#messages .msg--bot:not(.msg--intro)').count();
  await buttons.nth(index).click();
  await waitForAnswer(page, before);
  return true;
}

test('the end-to-end test has a stack to talk to', () => {
  assert.ok(RASA_URL, 'E2E_RASA_URL is not set: run `make test-web-e2e` or `make test-live`');
});

describe('end to end with the real Rasa', () => {
  let browser;
  let web;
  let pageUrl;

  before(async () => {
    assert.ok(RASA_URL, 'E2E_RASA_URL is not set');
    browser = await launchBrowser();
    if (process.env.E2E_WEB_URL) {
      pageUrl = process.env.E2E_WEB_URL.replace(/\/$/, '');
    } else {
      web = await startWebServer({
        webPort: Number(process.env.WEB_PORT || 8080),
        rasaPort: new URL(RASA_URL).port || 80,
        env: { RASA_SOCKET_URL: RASA_URL },
      });
      pageUrl = web.url;
    }
  });

  after(async () => {
    await browser?.close();
    await web?.stop();
  });

  test('socket.io answers the page origin and refuses other origins', async () => {
    const handshake = (origin) =>
      fetch(`${RASA_URL}/socket.io/?EIO=4&transport=polling`, { headers: { Origin: origin } });
    const own = await handshake(pageUrl);
    assert.equal(own.status, 200);
    assert.equal(own.headers.get('access-control-allow-origin'), pageUrl);
    const other = await handshake('http://evil.example');
    assert.notEqual(other.headers.get('access-control-allow-origin'), 'http://evil.example');
    assert.notEqual(other.headers.get('access-control-allow-origin'), '*');

    // Browsers apply no CORS to WebSockets: the server itself must refuse the origin.
    const connectOverWebSocket = (origin) =>
      new Promise((resolve) => {
        const socket = io(RASA_URL, {
          path: '/socket.io',
          transports: ['websocket'],
          extraHeaders: { Origin: origin },
          reconnection: false,
          forceNew: true,
          timeout: 10000,
        });
        socket.on('connect', () => {
          socket.close();
          resolve('accepted');
        });
        socket.on('connect_error', () => {
          socket.close();
          resolve('refused');
        });
      });
    assert.equal(await connectOverWebSocket(pageUrl), 'accepted');
    assert.equal(await connectOverWebSocket('http://evil.example'), 'refused');
  });

  test('lump in the armpit and aching hips: lymph nodes, bones, see a doctor', { timeout: 300000 }, async () => {
    const context = await browser.newContext();
    try {
      const page = await openChat(context, pageUrl);
      await say(page, 'I have a lump in my armpit and my hips ache');

      // Answer the follow-up questions, by button where one is offered, else by typing.
      const answered = new Set();
      for (let turn = 0; turn < 6; turn++) {
        const answer = await latestAnswer(page);
        if (/see a doctor/i.test(answer) && (await page.locator('section.assessment').count()) > 0) break;
        if (/anything else|something else|other symptom/i.test(answer) && !answered.has('else')) {
          answered.add('else');
          if (!(await clickReply(page, /that's everything/i))) await say(page, "no, that's everything");
        } else if (/how long|when did you first|when did (it|this)/i.test(answer) && !answered.has('duration')) {
          answered.add('duration');
          await say(page, 'about a month');
        } else if (/breast cancer/i.test(answer) && !answered.has('history')) {
          answered.add('history');
          if (!(await clickReply(page, /^no$/i))) await say(page, 'no');
        } else {
          const next = ['else', 'duration', 'history'].find((step) => !answered.has(step));
          assert.ok(next, `the assistant asked something unexpected:\n${answer}`);
          answered.add(next);
          await say(page, { else: "no, that's everything", duration: 'about a month', history: 'no' }[next]);
        }
      }

      const assessment = await latestAnswer(page);
      assert.match(assessment, /lymph nodes/i);
      assert.match(assessment, /bones/i);
      assert.match(assessment, /see a doctor/i);
      // Marked as an assessment of urgency "soon": a lump under the arm and aching hips
      // without red flags is neither urgent nor an emergency (that would over-triage).
      const block = page.locator('section.assessment').last();
      assert.equal(await block.getAttribute('data-urgency'), 'soon');
      assert.equal(await page.locator('section.assessment--emergency').count(), 0);
      assert.deepEqual(page.pageErrors, []);

      // A reload keeps the conversation, and the same session goes on.
      const users = await userTexts(page);
      await page.reload();
      await page.waitForSelector('body[data-session="ready"]', { timeout: 15000 });
      assert.deepEqual(await userTexts(page), users);
      await say(page, 'thank you');

      // Start over empties the page and nothing of the old conversation comes back.
      await page.getByRole('button', { name: 'Start over' }).click();
      await page.getByRole('button', { name: 'Just start again' }).click();
      await page.waitForSelector('body[data-session="ready"]', { timeout: 15000 });
      await sleep(2000);
      assert.equal(await page.locator('#messages .msg:not(.msg--intro)').count(), 0);
    } finally {
      await context.close();
    }
  });

  test('"Start over" can delete what was said, through the assistant\'s own confirmation', { timeout: 180000 }, async () => {
    const context = await browser.newContext();
    try {
      const page = await openChat(context, pageUrl);
      await say(page, 'my hips ache');
      await page.getByRole('button', { name: 'Start over' }).click();
      const before = await page.locator('#messages .msg--bot:not(.msg--intro)').count();
      await page.getByRole('button', { name: 'Delete what I said' }).click();
      await waitForAnswer(page, before);
      assert.match(await latestAnswer(page), /delete everything\?/i);
      assert.ok(await clickReply(page, /^Yes, delete everything$/), 'no "Yes, delete everything" button');
      assert.match(await latestAnswer(page), /deleted our conversation/i);
      assert.deepEqual(page.pageErrors, []);
    } finally {
      await context.close();
    }
  });

  test('a seizure is an emergency, marked as one', { timeout: 120000 }, async () => {
    const context = await browser.newContext();
    try {
      const page = await openChat(context, pageUrl);
      await say(page, 'my mother just had a seizure');
      const emergency = page.locator('section.assessment--emergency');
      await emergency.waitFor({ timeout: 30000 });
      assert.equal(await emergency.getByRole('heading', { name: 'Emergency' }).count(), 1);
      assert.match(await latestAnswer(page), /see a doctor/i);
    } finally {
      await context.close();
    }
  });
});
