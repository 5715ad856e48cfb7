// The chat widget in Debian's Chromium, against a fake Rasa socket.io server (no Rasa needed).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  OFFLINE_TEXT,
  WEB_DIR,
  botTexts,
  freePort,
  launchBrowser,
  openChat,
  sleep,
  startFakeRasa,
  startWebServer,
  typeAndSend,
  userTexts,
  waitFor,
  waitForBotCount,
} from './helpers.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
// Written on every run; docs/web-chat.png is the committed copy shown in the README.
const SCREENSHOT = join(WEB_DIR, '..', 'results', 'web-chat.png');

async function seriousAxeViolations(page) {
  await page.addScriptTag({ content: AXE_SOURCE });
  const results = await page.evaluate(() =>
    window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    }),
  );
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

/** Walks the fake assistant's lump-and-hips conversation up to its assessment ("soon"). */
async function completeArmpitConversation(page) {
  await typeAndSend(page, 'I have a lump in my armpit and my hips ache');
  await page.getByRole('button', { name: "That's everything" }).click();
  await page.getByRole('button', { name: 'A few weeks' }).click();
  await page.getByRole('button', { name: 'Not sure' }).waitFor();
  await page.getByRole('button', { name: 'No', exact: true }).last().click();
  await page.waitForSelector('.assessment--soon');
  await page.waitForFunction(() => document.querySelector('#messages').innerText.includes('see a doctor within'));
}

describe('chat widget with a fake Rasa', () => {
  let browser;
  let fake;
  let web;
  let context;

  before(async () => {
    browser = await launchBrowser();
    const rasaPort = await freePort();
    const webPort = await freePort();
    fake = await startFakeRasa({
      port: rasaPort,
      origins: [`http://127.0.0.1:${webPort}`, `http://localhost:${webPort}`],
    });
    web = await startWebServer({ webPort, rasaPort });
  });

  after(async () => {
    await browser?.close();
    await fake?.stop();
    await web?.stop();
  });

  // A fresh browser context per test: no shared sessionStorage between tests.
  async function freshPage(options = {}) {
    context = await browser.newContext(options);
    return openChat(context, web.url);
  }

  async function closeContext() {
    await context?.close();
    context = null;
  }

  test('shows the assistant text with its line breaks and bullet lines', async () => {
    const page = await freshPage();
    try {
      await typeAndSend(page, 'show me bullets');
      await waitForBotCount(page, 1);
      const message = page.locator('#messages .msg--bot').last();
      assert.deepEqual(await message.locator('p').allInnerTexts(), ['First line', 'Second line', 'After the list']);
      assert.deepEqual(await message.locator('li').allInnerTexts(), ['first point', 'second point']);
      assert.deepEqual(await userTexts(page), ['show me bullets']);
      assert.deepEqual(page.pageErrors, []);
    } finally {
      await closeContext();
    }
  });

  test('a quick reply sends its payload, shows its title as my message and disables its set', async () => {
    const page = await freshPage();
    try {
      await typeAndSend(page, 'I have a lump in my armpit and my hips ache');
      const group = page.getByRole('group', { name: 'Suggested replies' });
      await group.waitFor();
      assert.deepEqual(await group.getByRole('button').allInnerTexts(), ["That's everything", 'Something else']);

      await group.getByRole('button', { name: "That's everything" }).click();

      const sessionId = await page.evaluate(() => sessionStorage.getItem('symptomChat.sessionId'));
      await waitFor(() => fake.log.messages.some((m) => m.message === '/done' && m.session_id === sessionId), 5000, '/done');
      assert.equal((await userTexts(page)).at(-1), "That's everything");
      for (const button of await group.getByRole('button').all()) {
        assert.equal(await button.isDisabled(), true);
      }
      assert.equal(await group.getByRole('button', { name: "That's everything" }).getAttribute('aria-pressed'), 'true');
      await page.getByRole('button', { name: 'A few weeks' }).waitFor();
      // Focus goes back to the message box, not into a disabled button.
      assert.equal(await page.evaluate(() => document.activeElement.id), 'message-input');
    } finally {
      await closeContext();
    }
  });

  test('typing my own answer also retires the earlier quick replies', async () => {
    const page = await freshPage();
    try {
      await typeAndSend(page, 'a lump in my armpit');
      await page.getByRole('button', { name: "That's everything" }).waitFor();
      await typeAndSend(page, "no, that's everything");
      await page.getByRole('button', { name: 'A few weeks' }).waitFor();
      assert.equal(await page.getByRole('button', { name: "That's everything" }).isDisabled(), true);
      assert.equal(await page.getByRole('button', { name: 'A few weeks' }).isDisabled(), false);
    } finally {
      await closeContext();
    }
  });

  test('an emergency assessment is marked by colour, icon and the heading "Emergency"', async () => {
    const page = await freshPage();
    try {
      await typeAndSend(page, 'my mum had a seizure an hour ago');
      const block = page.locator('section.assessment--emergency');
      await block.waitFor();
      await page.waitForFunction(() => document.querySelectorAll('.assessment--emergency .msg').length === 2);
      await assert.doesNotReject(page.getByRole('heading', { name: 'Emergency', level: 2 }).waitFor());
      assert.equal(await block.locator('h2 svg.assessment__icon').count(), 1);
      assert.match(await block.locator('.assessment__detail').innerText(), /emergency number now/);
      const texts = await block.locator('.msg').allInnerTexts();
      assert.match(texts[0], /^Assistant:\s*EMERGENCY: a seizure/);
      assert.match(texts[1], /see a doctor/);
      const colours = await page.evaluate(() => {
        const style = (selector) => getComputedStyle(document.querySelector(selector));
        return {
          emergencyBorder: style('.assessment--emergency').borderLeftColor,
          emergencyBackground: style('.assessment--emergency').backgroundColor,
          page: style('.app').backgroundColor,
        };
      });
      assert.equal(colours.emergencyBorder, 'rgb(179, 38, 30)');
      assert.notEqual(colours.emergencyBackground, colours.page);
    } finally {
      await closeContext();
    }
  });

  test('a text starting with EMERGENCY is marked even without an assessment marker', async () => {
    const page = await freshPage();
    try {
      await typeAndSend(page, "I'm coughing blood");
      await page.locator('section.assessment--emergency').waitFor();
      await page.waitForFunction(() => document.querySelectorAll('.assessment--emergency .msg').length === 2);
      assert.equal(await page.getByRole('heading', { name: 'Emergency' }).count(), 1);
    } finally {
      await closeContext();
    }
  });

  test('urgent assessments are marked amber, and the other levels get their own heading', async () => {
    const page = await freshPage();
    try {
      await completeArmpitConversation(page);
      const soon = page.locator('section.assessment--soon');
      assert.equal(await soon.getByRole('heading', { name: 'See a doctor soon' }).count(), 1);
      assert.equal(await soon.locator('.msg li').count(), 2);

      // The marker nested under `custom` is understood too.
      await typeAndSend(page, 'I also get a headache');
      const urgent = page.locator('section.assessment--urgent');
      await urgent.waitFor();
      assert.equal(await urgent.getByRole('heading', { name: 'Urgent' }).count(), 1);
      assert.equal(await urgent.locator('h2 svg.assessment__icon').count(), 1);
      assert.equal(await urgent.evaluate((node) => getComputedStyle(node).borderLeftColor), 'rgb(163, 82, 0)');
      assert.equal(await page.locator('section.assessment--emergency').count(), 0);
    } finally {
      await closeContext();
    }
  });

  test("the assistant's text is shown as text, never as HTML", async () => {
    const page = await freshPage();
    try {
      await typeAndSend(page, 'send me some html');
      await waitForBotCount(page, 1);
      await sleep(200);
      const message = page.locator('#messages .msg--bot').last();
      assert.equal(await page.locator('#messages img, #messages b, #messages script').count(), 0);
      assert.match(await message.innerText(), /<img src=x onerror="window.__xss=1"><b>bold<\/b><script>/);
      assert.equal(await page.evaluate(() => window.__xss), undefined);
    } finally {
      await closeContext();
    }
  });

  test('a typing indicator shows while the assistant is answering', async () => {
    const page = await freshPage();
    try {
      assert.equal(await page.locator('#typing').isVisible(), false);
      await typeAndSend(page, 'slow please');
      await page.locator('#typing').waitFor({ state: 'visible', timeout: 1000 });
      await waitForBotCount(page, 1);
      await page.locator('#typing').waitFor({ state: 'hidden', timeout: 1000 });
    } finally {
      await closeContext();
    }
  });

  test('works with the keyboard alone', async () => {
    const page = await freshPage();
    try {
      // Tab from the top of the page reaches the message box.
      let focused = '';
      for (let i = 0; i < 8 && focused !== 'message-input'; i++) {
        await page.keyboard.press('Tab');
        focused = await page.evaluate(() => document.activeElement.id);
      }
      assert.equal(focused, 'message-input');
      await page.keyboard.type('I found a lump in my armpit');
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: "That's everything" }).waitFor();
      assert.deepEqual(await userTexts(page), ['I found a lump in my armpit']);

      // Shift+Tab from the message box walks back into the quick replies.
      for (let i = 0; i < 6; i++) {
        await page.keyboard.press('Shift+Tab');
        const label = await page.evaluate(() => document.activeElement.textContent);
        if (label === "That's everything") break;
      }
      assert.equal(await page.evaluate(() => document.activeElement.textContent), "That's everything");
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: 'A few weeks' }).waitFor();
      assert.equal((await userTexts(page)).at(-1), "That's everything");

      // Shift+Enter makes a new line instead of sending.
      await page.focus('#message-input');
      await page.keyboard.type('about');
      await page.keyboard.press('Shift+Enter');
      await page.keyboard.type('a month');
      assert.equal(await page.inputValue('#message-input'), 'about\na month');
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: 'Not sure' }).waitFor();
    } finally {
      await closeContext();
    }
  });

  test('"Start over" offers to delete what was said, through the assistant\'s own confirmation', async () => {
    const page = await freshPage();
    try {
      await typeAndSend(page, 'a lump in my armpit');
      await page.getByRole('button', { name: "That's everything" }).waitFor();
      const id = await page.evaluate(() => sessionStorage.getItem('symptomChat.sessionId'));

      await page.getByRole('button', { name: 'Start over' }).click();
      const choice = page.getByRole('group', { name: /delete what you told me/ });
      await choice.waitFor();
      assert.equal(await page.evaluate(() => document.activeElement.id), 'start-over-delete');
      await page.getByRole('button', { name: 'Delete what I said' }).click();
      assert.equal(await choice.isVisible(), false);
      await waitFor(() => fake.log.messages.some((m) => m.message === '/delete_my_data' && m.session_id === id), 5000, '/delete_my_data');
      await page.getByRole('button', { name: 'Yes, delete everything' }).click();
      await waitFor(() => fake.log.messages.some((m) => m.message === '/affirm' && m.session_id === id), 5000, '/affirm');
      assert.deepEqual((await userTexts(page)).slice(-2), ['Delete what I said', 'Yes, delete everything']);

      // Cancel (or Escape) leaves everything as it was.
      await page.getByRole('button', { name: 'Start over' }).click();
      await page.getByRole('button', { name: 'Cancel' }).click();
      assert.equal(await choice.isVisible(), false);
      assert.equal(await page.evaluate(() => sessionStorage.getItem('symptomChat.sessionId')), id);
    } finally {
      await closeContext();
    }
  });

  test('"Start over", "Just start again" clears the conversation and starts a new session', async () => {
    const page = await freshPage();
    try {
      await typeAndSend(page, 'a lump in my armpit');
      await page.getByRole('button', { name: "That's everything" }).waitFor();
      const oldId = await page.evaluate(() => sessionStorage.getItem('symptomChat.sessionId'));
      assert.ok(oldId);

      await page.getByRole('button', { name: 'Start over' }).click();
      await page.getByRole('button', { name: 'Just start again' }).click();

      await waitFor(() => fake.log.messages.some((m) => m.message === '/restart' && m.session_id === oldId), 5000, '/restart');
      assert.equal(await page.locator('#messages .msg:not(.msg--intro)').count(), 0);
      assert.equal(await page.locator('#messages .msg--intro').count(), 1);
      await page.waitForSelector('body[data-session="ready"]');
      const newId = await page.evaluate(() => sessionStorage.getItem('symptomChat.sessionId'));
      assert.ok(newId);
      assert.notEqual(newId, oldId);
      assert.equal(await page.evaluate(() => sessionStorage.getItem('symptomChat.transcript')), null);
      // The reply to /restart belongs to the old conversation and must not appear.
      await sleep(600);
      assert.deepEqual(await botTexts(page), []);
      assert.equal(await page.evaluate(() => document.activeElement.id), 'message-input');

      await typeAndSend(page, 'show me bullets');
      await waitFor(() => fake.log.messages.some((m) => m.message === 'show me bullets' && m.session_id === newId), 5000, 'new session message');
      await waitForBotCount(page, 1);
    } finally {
      await closeContext();
    }
  });

  test('a reload keeps the conversation; a new tab starts fresh; nothing goes to localStorage', async () => {
    const page = await freshPage();
    try {
      await typeAndSend(page, 'a lump in my armpit');
      await page.getByRole('button', { name: "That's everything" }).waitFor();
      const id = await page.evaluate(() => sessionStorage.getItem('symptomChat.sessionId'));
      const before = await botTexts(page);

      await page.reload();
      await page.waitForSelector('body[data-session="ready"]');
      assert.deepEqual(await botTexts(page), before);
      assert.deepEqual(await userTexts(page), ['a lump in my armpit']);
      assert.equal(await page.evaluate(() => sessionStorage.getItem('symptomChat.sessionId')), id);
      assert.deepEqual(fake.log.sessionRequests.at(-1), { session_id: id });
      // The unanswered quick replies still work after the reload, in the same session.
      await page.getByRole('button', { name: "That's everything" }).click();
      await waitFor(() => fake.log.messages.some((m) => m.message === '/done' && m.session_id === id), 5000, '/done');
      await page.getByRole('button', { name: 'A few weeks' }).waitFor();

      const tab = await openChat(context, web.url);
      assert.deepEqual(await botTexts(tab), []);
      assert.deepEqual(await userTexts(tab), []);
      const tabId = await tab.evaluate(() => sessionStorage.getItem('symptomChat.sessionId'));
      assert.ok(tabId);
      assert.notEqual(tabId, id);
      assert.equal(await tab.evaluate(() => localStorage.length), 0);
    } finally {
      await closeContext();
    }
  });

  test('axe-core finds no serious or critical accessibility violation', async () => {
    // bypassCSP lets the test inject axe; the page itself allows only its own scripts.
    const page = await freshPage({ bypassCSP: true });
    try {
      assert.deepEqual(await seriousAxeViolations(page), [], 'empty conversation');
      await completeArmpitConversation(page);
      await typeAndSend(page, 'she had a seizure');
      await page.locator('section.assessment--emergency').waitFor();
      await typeAndSend(page, 'a lump in my armpit');
      await page.getByRole('button', { name: "That's everything" }).last().waitFor();
      assert.deepEqual(await seriousAxeViolations(page), [], 'conversation with assessments and quick replies');
      await page.setViewportSize({ width: 360, height: 740 });
      assert.deepEqual(await seriousAxeViolations(page), [], 'at 360px');
    } finally {
      await closeContext();
    }
  });

  test('is usable 360px wide without sideways scrolling (and takes the README screenshot)', async () => {
    const page = await freshPage({ viewport: { width: 360, height: 780 }, deviceScaleFactor: 2 });
    try {
      await completeArmpitConversation(page);
      // The README screenshot: the assessment of the lump-and-hips conversation.
      await page.evaluate(() => {
        document.activeElement.blur();
        const log = document.getElementById('messages');
        const block = log.querySelector('.assessment');
        log.scrollTop += block.getBoundingClientRect().top - log.getBoundingClientRect().top - 72;
      });
      await page.screenshot({ path: SCREENSHOT });

      await typeAndSend(page, 'a long word please');
      await waitFor(async () => (await botTexts(page)).some((text) => text.startsWith('Averyvery')), 5000, 'long word');
      const overflow = await page.evaluate(() => {
        const root = document.documentElement;
        const log = document.getElementById('messages');
        const outside = [...document.querySelectorAll('button, textarea, .msg, .assessment, .disclaimer')]
          .filter((node) => {
            const box = node.getBoundingClientRect();
            return box.width > 0 && (box.left < 0 || box.right > window.innerWidth + 0.5);
          })
          .map((node) => node.className || node.id);
        return {
          page: root.scrollWidth - root.clientWidth,
          log: log.scrollWidth - log.clientWidth,
          outside,
        };
      });
      assert.deepEqual(overflow, { page: 0, log: 0, outside: [] });
      // Every control keeps a comfortable touch size.
      const small = await page.$$eval('button:not([disabled]), textarea', (nodes) =>
        nodes
          .filter((node) => node.getClientRects().length > 0) // shown (not inside [hidden])
          .filter((node) => node.getBoundingClientRect().height < 44)
          .map((node) => node.textContent || node.id),
      );
      assert.deepEqual(small, []);
    } finally {
      await closeContext();
    }
  });

  test("when Rasa can't be reached the page says so, and reconnects when it is back", async () => {
    const deadPort = await freePort();
    const webPort = await freePort();
    const offlineWeb = await startWebServer({ webPort, rasaPort: deadPort });
    let lateFake;
    context = await browser.newContext({ bypassCSP: true });
    try {
      const page = await context.newPage();
      await page.goto(offlineWeb.url);
      const status = page.locator('#connection-status');
      await page.waitForFunction((text) => document.getElementById('connection-status').innerText.includes(text), OFFLINE_TEXT);
      assert.equal(await page.getAttribute('body', 'data-connection'), 'offline');
      assert.equal(await status.getAttribute('role'), 'status');
      assert.deepEqual(await seriousAxeViolations(page), [], 'while offline');

      // A message typed meanwhile waits, and goes out once the assistant is back.
      await typeAndSend(page, 'show me bullets');
      lateFake = await startFakeRasa({
        port: deadPort,
        origins: [`http://127.0.0.1:${webPort}`],
      });
      await page.waitForSelector('body[data-session="ready"]', { timeout: 15000 });
      assert.equal(await status.innerText(), '');
      await waitForBotCount(page, 1);
      const id = await page.evaluate(() => sessionStorage.getItem('symptomChat.sessionId'));
      assert.deepEqual(lateFake.log.messages, [{ message: 'show me bullets', session_id: id }]);

      // The server going away mid-conversation is reported too.
      await lateFake.stop();
      lateFake = null;
      await page.waitForFunction((text) => document.getElementById('connection-status').innerText.includes(text), OFFLINE_TEXT);
    } finally {
      await closeContext();
      await lateFake?.stop();
      await offlineWeb.stop();
    }
  });
});
