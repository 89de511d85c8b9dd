'use strict';
// The page glue (kep-login.js) driven through a tiny fake DOM and a fake server that checks signatures with openssl.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const K = require('../../assets/kep-signer.js');
const L = require('../../assets/kep-login.js');
const pki = require('./pki.js');

class El {
  constructor(doc, tag, id) {
    this.ownerDocument = doc;
    this.tagName = tag.toUpperCase();
    this.id = id || '';
    this.attrs = {};
    this.children = [];
    this.listeners = {};
    this.disabled = false;
    this.hidden = false;
    this.value = '';
    this.files = null;
    this._text = '';
  }
  get textContent() {
    return this._text + this.children.map((c) => c.textContent).join(' ');
  }
  set textContent(v) {
    this.children = [];
    this._text = String(v);
  }
  appendChild(c) {
    this.children.push(c);
    return c;
  }
  addEventListener(type, fn) {
    (this.listeners[type] = this.listeners[type] || []).push(fn);
  }
  dispatch(type) {
    const ev = { type, defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    for (const fn of this.listeners[type] || []) fn(ev);
    return ev;
  }
  getAttribute(n) {
    return Object.prototype.hasOwnProperty.call(this.attrs, n) ? this.attrs[n] : null;
  }
  setAttribute(n, v) {
    this.attrs[n] = String(v);
  }
  focus() {
    this.ownerDocument.activeElement = this;
  }
}

function page(lang, attrs, certInput) {
  const doc = { documentElement: { lang }, readyState: 'complete', activeElement: null, els: {} };
  doc.createElement = (tag) => new El(doc, tag);
  doc.getElementById = (id) => doc.els[id] || null;
  const mk = (tag, id, a) => {
    const e = new El(doc, tag, id);
    Object.assign(e.attrs, a || {});
    doc.els[id] = e;
    return e;
  };
  const form = mk('form', 'kep-form', {
    'data-challenge-url': '/api/v1/auth/challenge',
    'data-submit-url': '/api/v1/links/tok123/accept',
    'data-redirect': '/facilities/42',
    'data-csrf': 'csrf-abc',
    ...(attrs || {}),
  });
  mk('input', 'kep-file', { type: 'file', accept: '.pfx,.p12,.pk8,.dat,.jks' });
  mk('input', 'kep-password', { type: 'password' });
  mk('button', 'kep-read', { type: 'button' });
  mk('div', 'kep-owner');
  mk('button', 'kep-submit', { type: 'submit' });
  mk('div', 'kep-error', { role: 'alert' });
  mk('div', 'kep-status', { 'aria-live': 'polite' });
  if (certInput) mk('input', 'kep-cert', { type: 'file', accept: '.cer,.crt,.pem' });
  return { doc, form, el: doc.els };
}

function chooseFile(p, name, bytes) {
  p.el['kep-file'].files = [{ name, arrayBuffer: async () => bytes.slice().buffer }];
  p.el['kep-file'].dispatch('change');
}

// A fake server: the challenge, then checks the CMS with openssl against the CA, then answers like API.md.
function fakeServer(answer) {
  const calls = [];
  let n = 0;
  const fetch = async (url, init) => {
    calls.push({ url, init });
    const body = JSON.parse(init.body);
    if (url === '/api/v1/auth/challenge') {
      const text = `ekrov login\nurl: http://127.0.0.1:8080\nnonce: ${++n}\nexpires: 2031-01-01T00:00:00Z\n`;
      fetch.challenge = text;
      return json(201, { challenge_id: 'ch-' + n, challenge: Buffer.from(text).toString('base64'), expires_at: '2031-01-01T00:00:00Z' });
    }
    pki.write('challenge.txt', fetch.challenge);
    pki.write('page.sig', Buffer.from(body.signature, 'base64'));
    fetch.verified = pki.cmsVerify('page.sig', 'challenge.txt', pki.file('ca.pem')).ok;
    if (!fetch.verified) return json(401, { error: { code: 'signature_invalid', message: 'bad', field: 'signature' } });
    return answer ? answer(body) : json(200, { token: 't', expires_at: '2031-01-01T00:00:00Z', account: { id: 'a', rnokpp: '2934105678', full_name: 'x' } });
  };
  fetch.calls = calls;
  return fetch;
}
const json = (status, body) => ({ ok: status >= 200 && status < 300, status, json: async () => body });

let p12;
before(() => {
  pki.caAndPerson('2934105678');
  pki.openssl(['pkcs12', '-export', '-inkey', 'person.key', '-in', 'person.pem', '-certfile', 'ca.pem', '-passout', 'pass:secret', '-out', 'person.p12']);
  p12 = pki.read('person.p12');
});
after(() => pki.cleanup());

function start(lang, opts) {
  const p = page(lang, opts && opts.attrs, opts && opts.certInput);
  const assigned = [];
  const fetch = (opts && opts.fetch) || fakeServer(opts && opts.answer);
  const ctl = L.init(p.form, { document: p.doc, kep: K, fetch, location: { assign: (u) => assigned.push(u) }, now: opts && opts.now });
  return { p, ctl, fetch, assigned };
}

test('initial state: «Увійти» disabled, owner hidden, no error', () => {
  const { p } = start('uk');
  assert.equal(p.el['kep-submit'].disabled, true);
  assert.equal(p.el['kep-owner'].hidden, true);
  assert.equal(p.el['kep-error'].hidden, true);
});

test('Зчитати without a file or password asks for them', async () => {
  const { p, ctl } = start('uk');
  await ctl.read();
  assert.equal(p.el['kep-error'].textContent, 'Оберіть файл особистого ключа.');
  chooseFile(p, 'key.p12', p12);
  await ctl.read();
  assert.equal(p.el['kep-error'].textContent, 'Введіть пароль захисту ключа.');
});

test('wrong password shows the Ukrainian message and keeps «Увійти» disabled', async () => {
  const { p, ctl } = start('uk');
  chooseFile(p, 'key.p12', p12);
  p.el['kep-password'].value = 'nope';
  await ctl.read();
  assert.equal(p.el['kep-error'].textContent, 'Невірний пароль або пошкоджений файл ключа');
  assert.equal(p.el['kep-error'].hidden, false);
  assert.equal(p.el['kep-submit'].disabled, true);
  assert.equal(p.el['kep-owner'].hidden, true);
});

test('English page: English messages', async () => {
  const { p, ctl } = start('en');
  chooseFile(p, 'key.p12', p12);
  p.el['kep-password'].value = 'nope';
  await ctl.read();
  assert.equal(p.el['kep-error'].textContent, 'Wrong password or damaged key file');
  chooseFile(p, 'Key-6.dat', new Uint8Array(200).fill(3));
  p.el['kep-password'].value = 'x';
  await ctl.read();
  assert.match(p.el['kep-error'].textContent, /^This does not look like a key file/);
});

test('a broken JKS and a Key-6.dat that is not a key are named in Ukrainian', async () => {
  const { p, ctl } = start('uk');
  chooseFile(p, 'keystore.jks', Uint8Array.of(0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2));
  p.el['kep-password'].value = 'x';
  await ctl.read();
  assert.match(p.el['kep-error'].textContent, /^Файл не схожий на файл ключа/);
  chooseFile(p, 'Key-6.dat', new Uint8Array(200).fill(3));
  p.el['kep-password'].value = 'x';
  await ctl.read();
  assert.match(p.el['kep-error'].textContent, /^Файл не схожий на файл ключа/);
});

test('full flow: read → owner shown → sign the challenge → POST → redirect', async () => {
  const { p, ctl, fetch, assigned } = start('uk');
  chooseFile(p, 'person.p12', p12);
  p.el['kep-password'].value = 'secret';
  p.el['kep-read'].dispatch('click');
  await waitFor(() => !p.el['kep-submit'].disabled);
  const owner = p.el['kep-owner'];
  assert.equal(owner.hidden, false);
  assert.match(owner.textContent, /Коваленко Олена Петрівна/);
  assert.match(owner.textContent, /2934105678/);
  assert.match(owner.textContent, /Тестовий КНЕДП/);
  assert.match(owner.textContent, /з \d\d\.\d\d\.\d{4} до \d\d\.\d\d\.\d{4}/);
  assert.equal(p.el['kep-password'].value, '', 'the password is not kept in the page');
  assert.equal(p.el['kep-error'].hidden, true);

  const ev = p.form.dispatch('submit');
  assert.equal(ev.defaultPrevented, true);
  await waitFor(() => assigned.length > 0);
  assert.deepEqual(assigned, ['/facilities/42']);
  assert.equal(fetch.verified, true, 'openssl verified the signature made in the page');
  assert.equal(fetch.calls.length, 2);
  for (const c of fetch.calls) {
    assert.equal(c.init.method, 'POST');
    assert.equal(c.init.credentials, 'same-origin');
    assert.equal(c.init.headers['X-CSRF-Token'], 'csrf-abc');
  }
  assert.equal(fetch.calls[1].url, '/api/v1/links/tok123/accept');
  const sent = JSON.parse(fetch.calls[1].init.body);
  assert.deepEqual(Object.keys(sent).sort(), ['challenge_id', 'signature']);
  assert.equal(sent.challenge_id, 'ch-1');
});

test('server error codes are shown in Ukrainian; unknown codes show the server message', async () => {
  const cases = [
    [403, 'signer_mismatch', 'Цей ключ належить іншій особі: посилання створено не для вас', false],
    [401, 'certificate_untrusted', /^Сертифікат не знайдено або він недійсний/, false],
    [401, 'certificate_expired', 'Термін дії сертифіката закінчився', false],
    [401, 'certificate_revoked', /відкликано/, false],
    [401, 'challenge_expired', /Час очікування минув/, false],
    [401, 'challenge_used', /уже використано/, false],
    [403, 'unknown_person', /РНОКПП не зареєстровано/, false],
    [410, 'link_expired', /Термін дії посилання минув/, true],
    [409, 'link_used', /вже використано/, true],
    [410, 'link_revoked', /скасовано/, true],
    [418, 'teapot', 'Сервер каже: я чайник', false],
  ];
  for (const [status, code, want, final] of cases) {
    const { p, ctl, assigned } = start('uk', {
      answer: () => json(status, { error: { code, message: code === 'teapot' ? 'Сервер каже: я чайник' : 'english text', field: null } }),
    });
    chooseFile(p, 'person.p12', p12);
    p.el['kep-password'].value = 'secret';
    await ctl.read();
    await ctl.signIn();
    const text = p.el['kep-error'].textContent;
    if (want instanceof RegExp) assert.match(text, want, code);
    else assert.equal(text, want, code);
    assert.equal(assigned.length, 0);
    assert.equal(p.el['kep-submit'].disabled, final, code + ': submit disabled after a final error');
  }
});

test('a locally expired certificate is refused before any request', async () => {
  const later = () => new Date(Date.now() + 400 * 86400000);
  const { p, ctl, fetch } = start('uk', { now: later });
  chooseFile(p, 'person.p12', p12);
  p.el['kep-password'].value = 'secret';
  await ctl.read();
  assert.match(p.el['kep-error'].textContent, /^Термін дії сертифіката закінчився/);
  assert.equal(p.el['kep-submit'].disabled, true);
  assert.equal(p.el['kep-owner'].hidden, false, 'still shows whose key it is');
  assert.equal(fetch.calls.length, 0);
});

test('network failure and rate limiting have their own messages; choosing another file resets', async () => {
  const down = async () => {
    throw new TypeError('Failed to fetch');
  };
  const { p, ctl } = start('uk', { fetch: down });
  chooseFile(p, 'person.p12', p12);
  p.el['kep-password'].value = 'secret';
  await ctl.read();
  await ctl.signIn();
  assert.match(p.el['kep-error'].textContent, /^Не вдалося з'єднатися з сервером/);
  assert.equal(p.el['kep-submit'].disabled, false);
  chooseFile(p, 'other.p12', p12);
  assert.equal(p.el['kep-submit'].disabled, true);
  assert.equal(p.el['kep-owner'].hidden, true);

  const limited = async () => json(429, null);
  const s2 = start('uk', { fetch: limited });
  chooseFile(s2.p, 'person.p12', p12);
  s2.p.el['kep-password'].value = 'secret';
  await s2.ctl.read();
  await s2.ctl.signIn();
  assert.match(s2.p.el['kep-error'].textContent, /^Забагато спроб/);
});

async function waitFor(cond, ms = 10000) {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

// DSTU 4145: a Key-6.dat (PBES2-GOST, no certificate inside) with the certificate chosen in a second input.
const fs = require('fs');
const path = require('path');
const VECTORS = process.env.EKROV_VECTORS || path.resolve(__dirname, '../../../../../shared/vectors');
const haveVectors = fs.existsSync(path.join(VECTORS, 'ua-certs/STORE_A040.dat'));

test('DSTU Key-6.dat: asks for the certificate, reads with it, signs the challenge with DSTU 4145; expired today', { skip: !haveVectors && 'no vectors' }, async () => {
  const { verifyDstuCms } = require('./dstu-cms.js');
  const vec = (p) => new Uint8Array(fs.readFileSync(path.join(VECTORS, p)));
  const posted = [];
  const fetch = async (url, init) => {
    const body = JSON.parse(init.body);
    if (url === '/api/v1/auth/challenge') {
      fetch.challenge = 'ekrov login\nnonce: dstu-1\n';
      return json(201, { challenge_id: 'ch-d', challenge: Buffer.from(fetch.challenge).toString('base64'), expires_at: '2031-01-01T00:00:00Z' });
    }
    posted.push(verifyDstuCms(new Uint8Array(Buffer.from(body.signature, 'base64')), new TextEncoder().encode(fetch.challenge)));
    return json(200, { token: 't', expires_at: '2031-01-01T00:00:00Z', account: {} });
  };
  // The sample certificate was valid 2017-07-14 … 2023-11-14: the page's clock is set inside that.
  const { p, ctl, assigned } = start('uk', { fetch, certInput: true, now: () => new Date('2020-03-01T12:00:00Z') });
  const cert = p.el['kep-cert'];
  chooseFile(p, 'Key-6.dat', vec('ua-certs/STORE_A040.dat'));
  p.el['kep-password'].value = 'password';
  await ctl.read();
  assert.match(p.el['kep-error'].textContent, /^У файлі ключа немає сертифіката/);
  assert.equal(p.doc.activeElement, cert);
  cert.files = [{ name: 'cert.cer', arrayBuffer: async () => vec('ua-certs/SELF_SIGNED_ENC_40A0.cer').buffer }];
  p.el['kep-password'].value = 'password';
  await ctl.read();
  assert.equal(p.el['kep-error'].hidden, true, p.el['kep-error'].textContent);
  assert.match(p.el['kep-owner'].textContent, /UA-99999999|Very Much CA/);
  await ctl.signIn();
  assert.deepEqual(posted, [[]], 'the server side got a valid DSTU CMS');
  assert.deepEqual(assigned, ['/facilities/42']);

  // Today the same key is refused with the widget's words.
  const today = start('uk', { fetch, certInput: true });
  const cert3 = today.p.el['kep-cert'];
  const ctl3 = today.ctl;
  cert3.files = [{ name: 'cert.cer', arrayBuffer: async () => vec('ua-certs/SELF_SIGNED_ENC_40A0.cer').buffer }];
  chooseFile(today.p, 'Key-6.dat', vec('ua-certs/STORE_A040.dat'));
  today.p.el['kep-password'].value = 'password';
  await ctl3.read();
  assert.match(today.p.el['kep-error'].textContent, /^Термін дії сертифіката закінчився/);
  assert.equal(today.p.el['kep-submit'].disabled, true);
});
