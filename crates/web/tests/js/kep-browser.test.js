'use strict';
// The same signer in a real browser: headless Chromium loads a page (CSP: script-src 'self', so no inline script),
// opens PKCS#12 files made by openssl, signs, and logs in through the real form against this test's HTTP server;
// every signature is checked with openssl cms -verify. Skipped when no Chromium is installed.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const pki = require('./pki.js');

const ASSETS = path.resolve(__dirname, '../../assets');
const CHROMIUM = ['chromium', 'chromium-browser', 'google-chrome', 'headless_shell'].find((c) => {
  try {
    execFileSync('which', [c], { stdio: 'ignore' });
    return true;
  } catch (_) {
    return false;
  }
});

const KEYS = ['p256', 'p256nopub', 'p384', 'rsa'];

const PAGE = `<!doctype html>
<html lang="uk"><head><meta charset="utf-8"><title>КЕП</title>
<script src="/assets/kep-signer.js" defer></script>
<script src="/assets/kep-login.js" defer></script>
<script src="/driver.js" defer></script></head>
<body>
<form id="kep-form" data-challenge-url="/api/challenge" data-submit-url="/api/submit" data-redirect="/landed" data-csrf="tok-1">
  <input type="file" id="kep-file" accept=".pfx,.p12,.pk8,.dat,.jks">
  <input type="password" id="kep-password">
  <button type="button" id="kep-read">Зчитати</button>
  <div id="kep-owner" hidden></div>
  <button type="submit" id="kep-submit" disabled>Увійти</button>
  <div id="kep-error" role="alert" hidden></div>
</form></body></html>`;

// Runs inside Chromium.
const DRIVER = `(async () => {
  const post = (url, body) => fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const waitFor = async (cond) => { for (let i = 0; i < 500 && !cond(); i++) await sleep(20); };
  try {
    for (const name of ${JSON.stringify(KEYS)}) {
      const bytes = new Uint8Array(await (await fetch('/keys/' + name + '.p12')).arrayBuffer());
      try {
        const key = await EkrovKep.openPkcs12(bytes, 'secret');
        const sig = await EkrovKep.signDetached(key, new TextEncoder().encode('hello challenge'));
        await post('/result', { name, algorithm: key.algorithm, rnokpp: key.subject.rnokpp, extractable: key.privateKey.extractable, sig: EkrovKep.base64Encode(sig) });
      } catch (e) {
        await post('/result', { name, error: String(e.code || e) + ': ' + e.message });
      }
    }
    const legacy = new Uint8Array(await (await fetch('/keys/legacy.p12')).arrayBuffer());
    await EkrovKep.openPkcs12(legacy, 'secret').then(() => post('/result', { name: 'legacy', error: 'opened' }), (e) => post('/result', { name: 'legacy', code: e.code }));

    const choose = async (name) => {
      const bytes = await (await fetch('/keys/' + name + '.p12')).arrayBuffer();
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], name + '.p12'));
      const input = document.getElementById('kep-file');
      input.files = dt.files;
      input.dispatchEvent(new Event('change'));
    };
    const $ = (id) => document.getElementById(id);
    await choose('p256');
    $('kep-password').value = 'wrong';
    $('kep-read').click();
    await waitFor(() => !$('kep-error').hidden);
    await post('/result', { name: 'form-wrong', error: $('kep-error').textContent, submitDisabled: $('kep-submit').disabled });
    $('kep-password').value = 'secret';
    $('kep-read').click();
    await waitFor(() => !$('kep-submit').disabled);
    await post('/result', { name: 'form-owner', owner: $('kep-owner').textContent, hidden: $('kep-owner').hidden });
    $('kep-submit').click();
  } catch (e) {
    await post('/result', { name: 'driver', error: String(e && e.stack || e) });
  }
})();`;

let server;
let base;
const results = {};
let landed;
const landedP = new Promise((r) => (landed = r));
const submissions = [];

before(async () => {
  if (!CHROMIUM) return;
  pki.write('data.txt', 'hello challenge');
  pki.selfSigned('p256', 'P-256', '/CN=Браузерний Тест/serialNumber=TINUA-3184710691');
  pki.selfSigned('p384', 'P-384', '/CN=P384/serialNumber=TINUA-3184710691');
  pki.selfSigned('rsa', 'rsa', '/CN=RSA/serialNumber=TINUA-3184710691');
  pki.openssl(['ec', '-in', 'p256.key', '-no_public', '-out', 'p256nopub.key']);
  pki.p12('p256.p12', 'p256.key', 'p256.pem');
  pki.p12('p256nopub.p12', 'p256nopub.key', 'p256.pem');
  pki.p12('p384.p12', 'p384.key', 'p384.pem');
  pki.p12('rsa.p12', 'rsa.key', 'rsa.pem');
  pki.p12('legacy.p12', 'p256.key', 'p256.pem', ['-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1']);
  let challenge = '';
  server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const body = Buffer.concat(chunks).toString();
    const send = (status, type, data, headers) => {
      res.writeHead(status, { 'Content-Type': type, 'Content-Security-Policy': "default-src 'self'; script-src 'self'", ...(headers || {}) });
      res.end(data);
    };
    const url = req.url;
    if (url === '/page.html') return send(200, 'text/html; charset=utf-8', PAGE);
    if (url === '/driver.js') return send(200, 'text/javascript; charset=utf-8', DRIVER);
    if (url.startsWith('/assets/')) return send(200, 'text/javascript; charset=utf-8', fs.readFileSync(path.join(ASSETS, path.basename(url))));
    if (url.startsWith('/keys/')) return send(200, 'application/octet-stream', fs.readFileSync(pki.file(path.basename(url))));
    if (url === '/result') {
      const r = JSON.parse(body);
      results[r.name] = r;
      return send(204, 'text/plain', '');
    }
    if (url === '/api/challenge') {
      challenge = 'ekrov login\nnonce: ' + Math.random() + '\n';
      return send(201, 'application/json', JSON.stringify({ challenge_id: 'c1', challenge: Buffer.from(challenge).toString('base64') }));
    }
    if (url === '/api/submit') {
      const b = JSON.parse(body);
      pki.write('browser-challenge.txt', challenge);
      pki.write('browser-login.sig', Buffer.from(b.signature, 'base64'));
      submissions.push({ csrf: req.headers['x-csrf-token'], keys: Object.keys(b), ok: pki.cmsVerify('browser-login.sig', 'browser-challenge.txt', pki.file('p256.pem')).ok });
      return send(200, 'application/json', JSON.stringify({ token: 't', expires_at: 'x', account: {} }));
    }
    if (url === '/landed') {
      landed();
      return send(200, 'text/html', '<p>ok</p>');
    }
    send(404, 'text/plain', 'not found');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  base = 'http://127.0.0.1:' + server.address().port;
});

after(() => {
  if (server) {
    server.closeAllConnections();
    server.close();
  }
  pki.cleanup();
});

test('headless Chromium: open PKCS#12 (P-256, P-256 without public key, P-384, RSA), sign, log in through the form', { skip: !CHROMIUM && 'no Chromium installed', timeout: 120000 }, async () => {
  const profile = pki.file('chromium-profile');
  const child = spawn(CHROMIUM, ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--user-data-dir=' + profile, base + '/page.html'], {
    stdio: 'ignore',
    detached: true,
  });
  let timer;
  try {
    await Promise.race([
      landedP,
      new Promise((_, rej) => {
        timer = setTimeout(() => rej(new Error('Chromium did not finish: ' + JSON.stringify(results))), 90000);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    // Wait (bounded) until Chromium has exited: it writes into its profile until then, and the
    // profile is removed after the tests.
    const exited = new Promise((r) => {
      if (child.exitCode !== null || child.signalCode !== null) return r();
      const t = setTimeout(r, 10000);
      child.once('exit', () => {
        clearTimeout(t);
        r();
      });
    });
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch (_) {
      /* already gone */
    }
    await exited;
  }
  assert.equal(results.driver, undefined);
  for (const name of KEYS) {
    const r = results[name];
    assert.ok(r && !r.error, name + ': ' + JSON.stringify(r));
    assert.equal(r.rnokpp, '3184710691');
    assert.equal(r.extractable, false);
    pki.write(name + '.sig', Buffer.from(r.sig, 'base64'));
    const ca = pki.file((name === 'p256nopub' ? 'p256' : name) + '.pem');
    const v = pki.cmsVerify(name + '.sig', 'data.txt', ca);
    assert.ok(v.ok, name + ': ' + v.out);
  }
  assert.equal(results.p256.algorithm, 'ECDSA-P256');
  assert.equal(results.p384.algorithm, 'ECDSA-P384');
  assert.equal(results.rsa.algorithm, 'RSA');
  assert.equal(results.legacy.code, 'legacy_pkcs12');
  assert.equal(results['form-wrong'].error, 'Невірний пароль або пошкоджений файл ключа');
  assert.equal(results['form-wrong'].submitDisabled, true);
  assert.match(results['form-owner'].owner, /Браузерний Тест/);
  assert.match(results['form-owner'].owner, /3184710691/);
  assert.equal(submissions.length, 1);
  assert.deepEqual(submissions[0], { csrf: 'tok-1', keys: ['challenge_id', 'signature'], ok: true });
});
