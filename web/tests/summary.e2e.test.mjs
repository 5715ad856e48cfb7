// The summary for the doctor, end to end: the chat page in Chromium against the real stack,
// an assessment, the "Summary for my doctor" button, then the summary page itself (printable,
// accessible) and its PDF. Needs E2E_RASA_URL and E2E_WEB_URL (the Makefile sets both once
// the stack is up); without them it FAILS, it does not skip.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { WEB_DIR, launchBrowser, openChat, sleep, typeAndSend } from './helpers.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const RASA_URL = process.env.E2E_RASA_URL;
const WEB_URL = (process.env.E2E_WEB_URL || '').replace(/\/$/, '');
const SCREENSHOT = join(WEB_DIR, '..', 'results', 'summary-page.png');

async function botCount(page) {
  return page.locator('#messages .msg--bot:not(.msg--intro)').count();
}

async function waitForNewAnswer(page, before, timeout = 60000) {
  const deadline = Date.now() + timeout;
  let last = -1;
  let stableSince = Date.now();
  while (Date.now() < deadline) {
    const count = await botCount(page);
    if (count !== last) {
      last = count;
      stableSince = Date.now();
    } else if (count > before && !(await page.locator('#typing').isVisible()) && Date.now() - stableSince > 1500) {
      return;
    }
    await sleep(200);
  }
  throw new Error('no answer from the assistant');
}

async function press(page, name) {
  const before = await botCount(page);
  await page.getByRole('button', { name, exact: true }).last().click();
  await waitForNewAnswer(page, before);
}

describe('the summary for the doctor', () => {
  let browser;

  before(async () => {
    assert.ok(RASA_URL && WEB_URL, 'E2E_RASA_URL and E2E_WEB_URL must point at the running stack');
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
  });

  test('an assessment, the button, then a printable, accessible page and a PDF', { timeout: 300000 }, async () => {
    const chat = await browser.newContext();
    let summaryUrl;
    try {
      const page = await openChat(chat, WEB_URL);
      const before = await botCount(page);
      await typeAndSend(page, 'I found a lump under my left arm and my hips ache');
      await waitForNewAnswer(page, before);
      await press(page, "That's everything");
      await press(page, 'A few weeks');
      await press(page, 'No');
      await page.locator('section.assessment').last().waitFor({ timeout: 30000 });
      await press(page, 'Summary for my doctor');
      const link = page.locator('#messages a[href*="/summary/"]').last();
      await link.waitFor({ timeout: 30000 });
      summaryUrl = await link.getAttribute('href');
      assert.match(summaryUrl, /\/summary\/[A-Za-z0-9_-]{22,}$/);
    } finally {
      await chat.close();
    }

    // The page as a person opens it (axe is injected, so the page's CSP is bypassed here).
    const reader = await browser.newContext({ bypassCSP: true });
    try {
      const page = await reader.newPage();
      const response = await page.goto(summaryUrl);
      assert.equal(response.status(), 200);
      const text = await page.locator('main').innerText();
      assert.match(text, /armpit/i);
      assert.match(text, /Side mentioned: left/);
      assert.match(text, /lymph nodes/i);
      assert.match(text, /not a diagnosis/i);
      assert.match(text, /Has not had breast cancer before/);
      assert.equal(await page.getByRole('heading', { level: 1 }).count(), 1);
      assert.ok((await page.getByRole('heading', { level: 2 }).count()) >= 5);
      await page.screenshot({ path: SCREENSHOT, fullPage: true });

      // Printing hides the links and keeps every section.
      await page.emulateMedia({ media: 'print' });
      assert.equal(await page.locator('.actions').isVisible(), false);
      for (const format of ['A4', 'Letter']) {
        const pdf = await page.pdf({ format });
        assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
      }
      await page.emulateMedia({ media: 'screen' });

      await page.addScriptTag({ content: AXE_SOURCE });
      const results = await page.evaluate(() =>
        window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice'] } }),
      );
      const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      assert.deepEqual(serious.map((v) => v.id), []);

      const pdf = await fetch(`${summaryUrl}.pdf`);
      assert.equal(pdf.status, 200);
      assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    } finally {
      await reader.close();
    }
  });
});
