// web/serve.py over plain HTTP: content types, caching, config.js, nothing outside static/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startWebServer } from './helpers.mjs';

const RASA_PORT = 5123;

/** A raw request, so paths such as /../x reach the server unnormalised. */
function request(port, path, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('web/serve.py', () => {
  let web;
  before(async () => {
    web = await startWebServer({ rasaPort: RASA_PORT });
  });
  after(async () => {
    await web?.stop();
  });

  test('serves the page at / as UTF-8 HTML with security headers', async () => {
    const res = await request(web.port, '/');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
    assert.match(res.body, /<div id="messages"[^>]*aria-live="polite"/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['referrer-policy'], 'no-referrer');
    assert.match(res.headers['content-security-policy'], /script-src 'self'/);
    assert.match(res.headers['content-security-policy'], new RegExp(`connect-src 'self' http://127\\.0\\.0\\.1:${RASA_PORT} ws://127\\.0\\.0\\.1:${RASA_PORT}`));
    assert.equal(res.headers['cache-control'], 'no-cache');
    assert.ok(res.headers.etag, 'an ETag');
    assert.ok(res.headers['last-modified'], 'a Last-Modified date');
  });

  test('answers 304 when the browser already has the file', async () => {
    const first = await request(web.port, '/chat.js');
    const again = await request(web.port, '/chat.js', { headers: { 'If-None-Match': first.headers.etag } });
    assert.equal(again.status, 304);
    assert.equal(again.body, '');
    const since = await request(web.port, '/chat.js', {
      headers: { 'If-Modified-Since': first.headers['last-modified'] },
    });
    assert.equal(since.status, 304);
  });

  test('gives each file its content type', async () => {
    const expected = {
      '/chat.js': 'text/javascript; charset=utf-8',
      '/chat.css': 'text/css; charset=utf-8',
      '/favicon.svg': 'image/svg+xml',
      '/vendor/socket.io.min.js': 'text/javascript; charset=utf-8',
    };
    for (const [path, type] of Object.entries(expected)) {
      const res = await request(web.port, path);
      assert.equal(res.status, 200, path);
      assert.equal(res.headers['content-type'], type, path);
    }
  });

  test('generates /config.js with the Rasa port, never cached', async () => {
    const res = await request(web.port, '/config.js');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.match(res.body, new RegExp(`"rasaPort": ${RASA_PORT}`));
    assert.match(res.body, /"socketPath": "\/socket\.io"/);
    // Who to call comes from data/services (issue 13), never from a literal in the page.
    assert.match(res.body, /"emergency": "your local emergency number"/);
    // The urgency levels are symptom_checker/knowledge.py's URGENCY_LEVELS, not the page's own.
    assert.match(res.body, /"urgencyLevels": \["soon", "urgent", "emergency"\]/);
  });

  test('allows connections to Rasa on the host the page was loaded from', async () => {
    const res = await request(web.port, '/', { headers: { Host: `localhost:${web.port}` } });
    assert.match(res.headers['content-security-policy'], new RegExp(`ws://localhost:${RASA_PORT}`));
    const odd = await request(web.port, '/', { headers: { Host: 'evil"; script-src *' } });
    assert.doesNotMatch(odd.headers['content-security-policy'], /evil/);
  });

  test('lists no directory and serves nothing outside static/', async () => {
    const paths = [
      '/vendor/',
      '/vendor',
      '/nope.html',
      '/../serve.py',
      '/%2e%2e/serve.py',
      '/..%2fserve.py',
      '/vendor/..%2f..%2fserve.py',
      '/static/index.html',
      '/.gitignore',
      '/%00',
      '//etc/passwd',
    ];
    for (const path of paths) {
      const res = await request(web.port, path);
      assert.equal(res.status, 404, path);
      assert.doesNotMatch(res.body, /<a href|import |def /, path);
    }
  });

  test('accepts only GET and HEAD', async () => {
    const head = await request(web.port, '/', { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
    const post = await request(web.port, '/', {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', 'Content-Length': '5' },
      body: 'hello',
    });
    assert.equal(post.status, 405);
    assert.equal(post.headers.allow, 'GET, HEAD');
  });
});
