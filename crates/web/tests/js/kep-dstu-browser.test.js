'use strict';
// DSTU 4145 in a real browser: headless Chromium loads kep-gost.js, kep-dstu4145.js, kep-dstu-keys.js, kep-signer.js
// and kep-login.js under a CSP without inline script, opens the national key files (Key-6.dat as PBES2-GOST, the Дія
// PKCS#12 with its certificates given separately, a JKS and an IIT-form Key-6.dat made by the test), signs a challenge,
// goes through the sign-in form with the certificate input, and reports the signing time. Node checks every CMS.
// Skipped without Chromium or without the vectors folder.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { verifyDstuCms } = require('./dstu-cms.js');
const C = require('./dstu-containers.js');

const ASSETS = path.resolve(__dirname, '../../assets');
const VECTORS = process.env.EKROV_VECTORS || path.resolve(__dirname, '../../../../../shared/vectors');
const CHROMIUM = ['chromium', 'chromium-browser', 'google-chrome', 'headless_shell'].find((c) => {
  try {
    execFileSync('which', [c], { stdio: 'ignore' });
    return true;
  } catch (_) {
    return false;
  }
});
const skip = !CHROMIUM ? 'no Chromium installed' : !fs.existsSync(path.join(VECTORS, 'ua-certs')) ? 'no vectors' : false;
const SCRIPTS = ['kep-gost.js', 'kep-dstu4145.js', 'kep-dstu-keys.js', 'kep-signer.js', 'kep-login.js'];

const PAGE = `<!doctype html>
<html lang="uk"><head><meta charset="utf-8"><title>КЕП</title>
${SCRIPTS.map((s) => `<script src="/assets/${s}" defer></script>`).join('\n')}
<script src="/driver.js" defer></script></head>
<body>
<form id="kep-form" data-challenge-url="/api/challenge" data-submit-url="/api/submit" data-redirect="/landed" data-csrf="tok-1">
  <input type="file" id="kep-file" accept=".pfx,.p12,.pk8,.dat,.jks">
  <input type="password" id="kep-password">
  <input type="file" id="kep-cert" accept=".cer,.crt,.pem" multiple>
  <button type="button" id="kep-read">Зчитати</button>
  <div id="kep-owner" hidden></div>
  <button type="submit" id="kep-submit" disabled>Увійти</button>
  <div id="kep-error" role="alert" hidden></div>
</form></body></html>`;

// name -> [key file URL, password, certificate URLs]
const CASES = {
  store: ['/v/ua-certs/STORE_A040.dat', 'password', ['/v/ua-certs/SELF_SIGNED_ENC_40A0.cer']],
  diia: ['/v/uapki/test-diia.p12', 'testpassword', ['/v/uapki/certs/diia-test-sign-7775603.cer', '/v/uapki/certs/diia-test-kep-7775604.cer']],
  jks: ['/made/key.jks', 'secret', []],
  iit: ['/made/Key-6.dat', 'secret', ['/v/ua-certs/SELF_SIGNED_ENC_40A0.cer']],
};

// Runs inside Chromium.
const DRIVER = `(async () => {
  const post = (url, body) => fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const get = async (u) => new Uint8Array(await (await fetch(u)).arrayBuffer());
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const waitFor = async (cond) => { for (let i = 0; i < 1500 && !cond(); i++) await sleep(20); };
  const challenge = new TextEncoder().encode('ekrov login\\nnonce: browser-dstu\\n');
  try {
    for (const [name, [url, pw, certs]] of Object.entries(${JSON.stringify(CASES)})) {
      try {
        const t0 = performance.now();
        const key = await EkrovKep.openPkcs12(await get(url), pw, { certificates: await Promise.all(certs.map(get)) });
        const openMs = performance.now() - t0;
        const sig = await EkrovKep.signDetached(key, challenge);
        const hash = EkrovGost.hash(challenge);
        for (let i = 0; i < 5; i++) key.privateKey.sign(hash);
        const t1 = performance.now();
        for (let i = 0; i < 20; i++) key.privateKey.sign(hash);
        const signMs = (performance.now() - t1) / 20;
        await post('/result', { name, algorithm: key.algorithm, serial: key.serialNumber, keys: Object.keys(key.privateKey), openMs, signMs, sig: EkrovKep.base64Encode(sig) });
      } catch (e) {
        await post('/result', { name, error: String(e.code || e) + ': ' + e.message });
      }
    }
    await EkrovKep.openPkcs12(await get('/v/ua-certs/STORE_A040.dat'), 'wrong', {}).then(() => post('/result', { name: 'wrong', error: 'opened' }), (e) => post('/result', { name: 'wrong', code: e.code, message: e.message }));

    const $ = (id) => document.getElementById(id);
    const choose = async (id, urls) => {
      const dt = new DataTransfer();
      for (const url of urls) dt.items.add(new File([await get(url)], url.split('/').pop()));
      $(id).files = dt.files;
      $(id).dispatchEvent(new Event('change'));
    };
    // The Дія test key: its certificate expired in 2024, so the widget says so and does not sign in.
    await choose('kep-file', ['/v/uapki/test-diia.p12']);
    await choose('kep-cert', ['/v/uapki/certs/diia-test-sign-7775603.cer']);
    $('kep-password').value = 'testpassword';
    $('kep-read').click();
    await waitFor(() => !$('kep-error').hidden);
    await post('/result', { name: 'form-expired', error: $('kep-error').textContent, submitDisabled: $('kep-submit').disabled });
    // A fresh key with a current certificate, in a JKS: wrong password, then sign in.
    await choose('kep-cert', []);
    await choose('kep-file', ['/made/fresh.jks']);
    $('kep-password').value = 'wrong';
    $('kep-read').click();
    await waitFor(() => !$('kep-error').hidden);
    await post('/result', { name: 'form-wrong', error: $('kep-error').textContent });
    $('kep-password').value = 'secret';
    $('kep-read').click();
    await waitFor(() => !$('kep-submit').disabled || /закінчився/.test($('kep-error').textContent));
    await post('/result', { name: 'form-owner', owner: $('kep-owner').textContent, error: $('kep-error').hidden ? '' : $('kep-error').textContent });
    $('kep-submit').click();
    await sleep(5000);
    await post('/result', { name: 'after-submit', error: $('kep-error').textContent, disabled: $('kep-submit').disabled });
  } catch (e) {
    await post('/result', { name: 'driver', error: String(e && e.stack || e) });
  }
})();`;

let server;
let base;
let tmp;
const results = {};
let landed;
const landedP = new Promise((r) => (landed = r));
const submissions = [];
const arrived = [];
let started = Date.now();

before(async () => {
  if (skip) return;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ekrov-dstu-browser-'));
  const vec = (p) => new Uint8Array(fs.readFileSync(path.join(VECTORS, p)));
  // key.jks holds Key6929 with its certificate, Key-6.dat (IIT form) Key40A0 without one, fresh.jks a key made now
  // with a self-signed certificate valid today (for the sign-in form).
  const K = require('../../assets/kep-signer.js');
  void K;
  const fresh = C.freshKeyAndCert({ cn: 'Браузерний Тест ДСТУ', rnokpp: '3184710691', notBefore: new Date(Date.now() - 864e5), notAfter: new Date(Date.now() + 365 * 864e5) });
  const made = {
    'fresh.jks': C.jks(fresh.pkcs8, [fresh.cert], 'secret'),
    'key.jks': C.jks(vec('ua-certs/Key6929.cer'), [vec('ua-certs/SELF_SIGNED_ENC_6929.cer')], 'secret'),
    'Key-6.dat': C.iitStore(vec('ua-certs/Key40A0.cer'), 'secret'),
  };
  let challenge = '';
  server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const body = Buffer.concat(chunks).toString();
    const send = (status, type, data) => {
      res.writeHead(status, { 'Content-Type': type, 'Content-Security-Policy': "default-src 'self'; script-src 'self'" });
      res.end(data);
    };
    const url = decodeURIComponent(req.url);
    if (url === '/page.html') return send(200, 'text/html; charset=utf-8', PAGE);
    if (url === '/driver.js') return send(200, 'text/javascript; charset=utf-8', DRIVER);
    if (url.startsWith('/assets/') && SCRIPTS.includes(path.basename(url))) return send(200, 'text/javascript; charset=utf-8', fs.readFileSync(path.join(ASSETS, path.basename(url))));
    if (url.startsWith('/v/') && !url.includes('..')) return send(200, 'application/octet-stream', fs.readFileSync(path.join(VECTORS, url.slice(3))));
    if (url.startsWith('/made/') && made[path.basename(url)]) return send(200, 'application/octet-stream', Buffer.from(made[path.basename(url)]));
    if (url === '/result') {
      const r = JSON.parse(body);
      results[r.name] = r;
      arrived.push(r.name + '@' + ((Date.now() - started) / 1000).toFixed(1) + 's');
      return send(204, 'text/plain', '');
    }
    if (url === '/api/challenge') {
      challenge = 'ekrov login\nnonce: ' + Math.random() + '\n';
      return send(201, 'application/json', JSON.stringify({ challenge_id: 'c1', challenge: Buffer.from(challenge).toString('base64') }));
    }
    if (url === '/api/submit') {
      const b = JSON.parse(body);
      submissions.push(verifyDstuCms(new Uint8Array(Buffer.from(b.signature, 'base64')), new TextEncoder().encode(challenge)));
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
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test('headless Chromium: DSTU key files open, sign with DSTU 4145 (time measured), wrong password, sign-in form', { skip, timeout: 240000 }, async () => {
  started = Date.now();
  const child = spawn(CHROMIUM, ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--user-data-dir=' + path.join(tmp, 'profile'), base + '/page.html'], {
    stdio: 'ignore',
    detached: true,
  });
  let timer;
  try {
    await Promise.race([
      landedP,
      new Promise((_, rej) => {
        timer = setTimeout(() => rej(new Error('Chromium did not finish: ' + JSON.stringify({ arrived, submissions, results }))), 200000);
      }),
    ]);
  } finally {
    clearTimeout(timer);
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
  const challenge = new TextEncoder().encode('ekrov login\nnonce: browser-dstu\n');
  for (const name of Object.keys(CASES)) {
    const r = results[name];
    assert.ok(r && !r.error, name + ': ' + JSON.stringify(r));
    assert.equal(r.algorithm, 'DSTU4145');
    assert.deepEqual(r.keys.sort(), ['algorithm', 'curve', 'sign']);
    assert.deepEqual(verifyDstuCms(new Uint8Array(Buffer.from(r.sig, 'base64')), challenge), [], name);
    console.log(`Chromium ${name}: open ${r.openMs.toFixed(0)} ms, DSTU 4145 sign ${r.signMs.toFixed(1)} ms`);
  }
  assert.equal(results.wrong.code, 'wrong_password');
  assert.equal(results.wrong.message, 'Невірний пароль або пошкоджений файл ключа');
  assert.equal(results['form-wrong'].error, 'Невірний пароль або пошкоджений файл ключа');
  assert.match(results['form-expired'].error, /^Термін дії сертифіката закінчився/);
  assert.equal(results['form-expired'].submitDisabled, true);
  assert.match(results['form-owner'].owner, /Браузерний Тест ДСТУ/);
  assert.match(results['form-owner'].owner, /3184710691/);
  assert.equal(results['form-owner'].error, '');
  assert.deepEqual(submissions, [[]]);
});
