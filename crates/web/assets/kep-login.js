/*
 * ekrov — КЕП sign-in page glue (progressive enhancement; no inline script needed, CSP-friendly).
 *
 * Include after the signer (the first three add DSTU 4145 keys: Key-6.dat, national PKCS#12, JKS):
 *   <script src="/assets/kep-gost.js" defer></script>
 *   <script src="/assets/kep-dstu4145.js" defer></script>
 *   <script src="/assets/kep-dstu-keys.js" defer></script>
 *   <script src="/assets/kep-signer.js" defer></script>
 *   <script src="/assets/kep-login.js" defer></script>
 *
 * The page provides a form:
 *   <form id="kep-form" data-challenge-url="/api/v1/auth/challenge" data-submit-url="/api/v1/auth/kep"
 *         data-redirect="/" data-csrf="…">
 *     <input type="file" id="kep-file" accept=".pfx,.p12,.pk8,.dat,.jks">
 *     <input type="password" id="kep-password" autocomplete="off">
 *     <input type="file" id="kep-cert" accept=".cer,.crt,.pem" multiple>   (optional: the certificate, for key
 *                                                     files that hold none, such as Key-6.dat)
 *     <button type="button" id="kep-read">Зчитати</button>
 *     <div id="kep-owner" hidden></div>
 *     <button type="submit" id="kep-submit" disabled>Увійти</button>
 *     <div id="kep-error" role="alert" hidden></div>
 *     <div id="kep-status" aria-live="polite"></div>   (optional)
 *   </form>
 *
 * Flow: Зчитати → open the key file locally → show whose key it is → Увійти/Підписати → fetch a challenge → sign it
 * in the page → POST {challenge_id, signature} → location.assign(data-redirect).
 * The private key stays a non-extractable CryptoKey in this closure: it is never sent and never stored.
 */
(function (root) {
  'use strict';

  const STRINGS = {
    uk: {
      choose_file: 'Оберіть файл особистого ключа.',
      enter_password: 'Введіть пароль захисту ключа.',
      reading: 'Зчитування ключа…',
      read_ok: 'Ключ зчитано.',
      signing: 'Підписання…',
      done: 'Готово, переходимо далі…',
      owner: 'Власник ключа',
      rnokpp: 'РНОКПП',
      rnokpp_missing: 'не вказано в сертифікаті',
      provider: 'Надавач послуг',
      validity: 'Сертифікат чинний',
      valid_range: (a, b) => 'з ' + a + ' до ' + b,
      algorithm: 'Алгоритм',
      cert_expired: 'Термін дії сертифіката закінчився',
      cert_not_yet_valid: 'Сертифікат ще не набув чинності',
      wrong_password: 'Невірний пароль або пошкоджений файл ключа',
      no_webcrypto: 'Цей браузер не підтримує WebCrypto. Оновіть браузер або відкрийте сторінку через HTTPS.',
      network: "Не вдалося з'єднатися з сервером. Перевірте з'єднання з інтернетом і спробуйте ще раз.",
      bad_response: 'Сервер дав неочікувану відповідь. Спробуйте ще раз пізніше.',
      failed: 'Не вдалося виконати дію. Спробуйте ще раз.',
      server: {
        signature_invalid: 'Підпис не пройшов перевірку. Спробуйте ще раз або скористайтеся іншим ключем.',
        certificate_untrusted:
          'Сертифікат не знайдено або він недійсний: його видав надавач, якому система не довіряє.',
        certificate_expired: 'Термін дії сертифіката закінчився',
        certificate_not_yet_valid: 'Сертифікат ще не набув чинності',
        certificate_revoked: 'Сертифікат відкликано або заблоковано. Зверніться до свого надавача послуг (КНЕДП).',
        challenge_expired: 'Час очікування минув. Спробуйте ще раз.',
        challenge_used: 'Цей запит на вхід уже використано. Спробуйте ще раз.',
        unknown_person:
          'Особу з цим РНОКПП не зареєстровано в системі. Зверніться до адміністратора свого закладу.',
        signer_mismatch: 'Цей ключ належить іншій особі: посилання створено не для вас',
        link_expired: 'Термін дії посилання минув. Попросіть надіслати нове.',
        link_used: 'Це посилання вже використано. Увійдіть зі сторінки входу.',
        link_revoked: 'Посилання скасовано. Попросіть надіслати нове.',
        rate_limited: 'Забагато спроб. Зачекайте трохи й спробуйте ще раз.',
        too_many_requests: 'Забагато спроб. Зачекайте трохи й спробуйте ще раз.',
        csrf_invalid: 'Сторінка застаріла. Оновіть її й спробуйте ще раз.',
      },
    },
    en: {
      choose_file: 'Choose your private key file.',
      enter_password: 'Enter the key password.',
      reading: 'Reading the key…',
      read_ok: 'Key read.',
      signing: 'Signing…',
      done: 'Done, moving on…',
      owner: 'Key owner',
      rnokpp: 'RNOKPP (taxpayer number)',
      rnokpp_missing: 'not in the certificate',
      provider: 'Trust service provider',
      validity: 'Certificate valid',
      valid_range: (a, b) => 'from ' + a + ' to ' + b,
      algorithm: 'Algorithm',
      cert_expired: 'The certificate has expired',
      cert_not_yet_valid: 'The certificate is not valid yet',
      wrong_password: 'Wrong password or damaged key file',
      no_webcrypto: 'This browser does not support WebCrypto. Update the browser or open the page over HTTPS.',
      network: 'Could not reach the server. Check your connection and try again.',
      bad_response: 'The server gave an unexpected answer. Please try again later.',
      failed: 'That did not work. Please try again.',
      server: {
        signature_invalid: 'The signature did not verify. Try again or use another key.',
        certificate_untrusted: 'Certificate not found or not valid: it was not issued by a trusted provider.',
        certificate_expired: 'The certificate has expired',
        certificate_not_yet_valid: 'The certificate is not valid yet',
        certificate_revoked: 'The certificate has been revoked or blocked. Contact your trust service provider.',
        challenge_expired: 'The time to sign in ran out. Please try again.',
        challenge_used: 'This sign-in request was already used. Please try again.',
        unknown_person: 'Nobody with this RNOKPP is registered. Contact your facility administrator.',
        signer_mismatch: 'This key belongs to someone else: the link was not made for you',
        link_expired: 'This link has expired. Ask for a new one.',
        link_used: 'This link has already been used. Sign in from the login page.',
        link_revoked: 'This link has been revoked. Ask for a new one.',
        rate_limited: 'Too many attempts. Wait a little and try again.',
        too_many_requests: 'Too many attempts. Wait a little and try again.',
        csrf_invalid: 'This page is out of date. Reload it and try again.',
      },
    },
  };

  // Codes after which trying again with the same key cannot help.
  const FINAL_CODES = new Set(['link_expired', 'link_used', 'link_revoked']);

  function pickLang(doc) {
    return doc && doc.documentElement && doc.documentElement.lang === 'en' ? 'en' : 'uk';
  }

  function fmtDate(d) {
    const p = (n) => String(n).padStart(2, '0');
    return p(d.getDate()) + '.' + p(d.getMonth() + 1) + '.' + d.getFullYear();
  }

  // A Ukrainian (or English) message for a server error body {"error": {code, message, field}}.
  function serverMessage(lang, status, body) {
    const s = STRINGS[lang] || STRINGS.uk;
    const err = body && body.error;
    const code = err && err.code;
    if (code && s.server[code]) return { code, message: s.server[code] };
    if (status === 429) return { code: 'rate_limited', message: s.server.rate_limited };
    if (err && err.message) return { code: code || 'error', message: String(err.message) };
    return { code: code || 'http_' + status, message: s.failed };
  }

  // A message for an error thrown by EkrovKep.openPkcs12 / signDetached.
  function keyErrorMessage(lang, e) {
    const s = STRINGS[lang] || STRINGS.uk;
    if (e && e.code) {
      if (s[e.code]) return s[e.code];
      if (lang === 'en' && e.messageEn) return e.messageEn;
      if (e.message) return e.message;
    }
    return s.wrong_password;
  }

  function init(form, deps) {
    deps = deps || {};
    const doc = deps.document || form.ownerDocument || root.document;
    const kep = deps.kep || root.EkrovKep;
    const fetchFn = deps.fetch || (root.fetch && root.fetch.bind(root));
    const loc = deps.location || root.location;
    const now = deps.now || (() => new Date());
    const lang = pickLang(doc);
    const s = STRINGS[lang];
    const $ = (id) => doc.getElementById(id);

    const fileInput = $('kep-file');
    const password = $('kep-password');
    const certInput = $('kep-cert');
    const readBtn = $('kep-read');
    const owner = $('kep-owner');
    const submitBtn = $('kep-submit');
    const errorBox = $('kep-error');
    const status = $('kep-status');

    const attr = (name) => form.getAttribute(name) || '';
    const challengeUrl = attr('data-challenge-url');
    const submitUrl = attr('data-submit-url');
    const redirect = attr('data-redirect');
    const csrf = attr('data-csrf');

    let key = null; // the opened key: {privateKey (non-extractable), certificate, chain, …}
    let busy = false;

    function setStatus(text) {
      if (status) status.textContent = text || '';
    }
    function showError(text) {
      if (!errorBox) return;
      errorBox.textContent = text || '';
      errorBox.hidden = !text;
    }
    function setBusy(b) {
      busy = b;
      form.setAttribute('aria-busy', b ? 'true' : 'false');
      if (readBtn) readBtn.disabled = b;
    }
    function forget() {
      key = null;
      if (submitBtn) submitBtn.disabled = true;
      if (owner) {
        owner.textContent = '';
        owner.hidden = true;
      }
    }

    function showOwner(k) {
      if (!owner) return;
      owner.textContent = '';
      const dl = doc.createElement('dl');
      const row = (label, value) => {
        const dt = doc.createElement('dt');
        dt.textContent = label;
        const dd = doc.createElement('dd');
        dd.textContent = value;
        dl.appendChild(dt);
        dl.appendChild(dd);
      };
      const subj = k.subject || {};
      const name =
        subj.commonName || [subj.surname, subj.givenName].filter(Boolean).join(' ') || k.friendlyName || '—';
      row(s.owner, name);
      row(s.rnokpp, subj.rnokpp || s.rnokpp_missing);
      const iss = k.issuer || {};
      const provider = iss.organizationName || iss.commonName || '—';
      row(s.provider, iss.organizationName && iss.commonName && iss.commonName !== provider ? provider + ' (' + iss.commonName + ')' : provider);
      row(s.validity, s.valid_range(fmtDate(k.notBefore), fmtDate(k.notAfter)));
      owner.appendChild(dl);
      owner.hidden = false;
    }

    async function read() {
      if (busy) return;
      showError('');
      forget();
      const file = fileInput && fileInput.files && fileInput.files[0];
      if (!file) {
        showError(s.choose_file);
        if (fileInput && fileInput.focus) fileInput.focus();
        return;
      }
      const pw = password ? password.value : '';
      if (!pw) {
        showError(s.enter_password);
        if (password && password.focus) password.focus();
        return;
      }
      setBusy(true);
      setStatus(s.reading);
      try {
        const bytes = new Uint8Array(await file.arrayBuffer());
        const certificates = [];
        for (const f of (certInput && certInput.files) || []) certificates.push(new Uint8Array(await f.arrayBuffer()));
        const opened = await kep.openPkcs12(bytes, pw, { fileName: file.name, certificates });
        bytes.fill(0);
        if (password) password.value = ''; // not kept anywhere once the key is open
        showOwner(opened);
        const t = now().getTime();
        if (opened.notAfter.getTime() < t) {
          setStatus('');
          showError(s.cert_expired + ' (' + fmtDate(opened.notAfter) + ').');
          return;
        }
        if (opened.notBefore.getTime() > t) {
          setStatus('');
          showError(s.cert_not_yet_valid + ' (' + fmtDate(opened.notBefore) + ').');
          return;
        }
        key = opened;
        if (submitBtn) {
          submitBtn.disabled = false;
          if (submitBtn.focus) submitBtn.focus();
        }
        setStatus(s.read_ok);
      } catch (e) {
        setStatus('');
        showError(keyErrorMessage(lang, e));
        if (e && e.code === 'wrong_password' && password && password.focus) password.focus();
        if (e && e.code === 'need_certificate' && certInput && certInput.focus) certInput.focus();
      } finally {
        setBusy(false);
      }
    }

    async function postJson(url, body) {
      let res;
      try {
        res = await fetchFn(url, {
          method: 'POST',
          credentials: 'same-origin',
          headers: Object.assign(
            { 'Content-Type': 'application/json', Accept: 'application/json' },
            csrf ? { 'X-CSRF-Token': csrf } : {},
          ),
          body: JSON.stringify(body),
        });
      } catch (_) {
        return { failure: { code: 'network', message: s.network } };
      }
      let data = null;
      try {
        data = await res.json();
      } catch (_) {
        data = null;
      }
      if (!res.ok) return { failure: serverMessage(lang, res.status, data) };
      if (!data || typeof data !== 'object') return { failure: { code: 'bad_response', message: s.bad_response } };
      return { data };
    }

    async function signIn() {
      if (busy) return;
      if (!key) return read();
      showError('');
      setBusy(true);
      if (submitBtn) submitBtn.disabled = true;
      setStatus(s.signing);
      let keepDisabled = false;
      try {
        const ch = await postJson(challengeUrl, {});
        if (ch.failure) throw ch.failure;
        if (!ch.data.challenge_id || typeof ch.data.challenge !== 'string') {
          throw { code: 'bad_response', message: s.bad_response };
        }
        let challenge;
        try {
          challenge = kep.base64Decode(ch.data.challenge);
        } catch (_) {
          throw { code: 'bad_response', message: s.bad_response };
        }
        const signature = await kep.signDetached(key, challenge, { signingTime: now() });
        const res = await postJson(submitUrl, {
          challenge_id: ch.data.challenge_id,
          signature: kep.base64Encode(signature),
        });
        if (res.failure) throw res.failure;
        setStatus(s.done);
        keepDisabled = true;
        key = null;
        loc.assign(redirect || res.data.redirect || '/');
      } catch (e) {
        setStatus('');
        if (e && e.code && typeof e.message === 'string' && !(e instanceof Error)) {
          showError(e.message);
          if (FINAL_CODES.has(e.code)) keepDisabled = true;
        } else {
          showError(keyErrorMessage(lang, e));
        }
      } finally {
        setBusy(false);
        if (submitBtn && key && !keepDisabled) submitBtn.disabled = false;
      }
    }

    // Initial state: nothing read yet.
    forget();
    if (errorBox && !errorBox.textContent) errorBox.hidden = true;
    if (!kep || !root.crypto || !root.crypto.subtle) {
      showError(s.no_webcrypto);
    }

    if (readBtn) readBtn.addEventListener('click', (ev) => {
      if (ev && ev.preventDefault) ev.preventDefault();
      read();
    });
    if (fileInput) fileInput.addEventListener('change', () => {
      forget();
      showError('');
      setStatus('');
    });
    form.addEventListener('submit', (ev) => {
      if (ev && ev.preventDefault) ev.preventDefault();
      if (key) signIn();
      else read();
    });
    if (submitBtn && submitBtn.getAttribute && submitBtn.getAttribute('type') === 'button') {
      submitBtn.addEventListener('click', () => signIn());
    }

    return {
      read,
      signIn,
      get key() {
        return key ? { subject: key.subject, issuer: key.issuer, notBefore: key.notBefore, notAfter: key.notAfter } : null;
      },
    };
  }

  const api = { init, STRINGS, serverMessage, keyErrorMessage, pickLang };
  root.EkrovKepLogin = api;
  if (typeof module === 'object' && module && module.exports) module.exports = api;

  if (root.document && typeof root.document.getElementById === 'function') {
    const start = () => {
      const form = root.document.getElementById('kep-form');
      if (form && !form.__ekrovKep) form.__ekrovKep = init(form);
    };
    if (root.document.readyState === 'loading') root.document.addEventListener('DOMContentLoaded', start);
    else start();
  }
})(typeof globalThis !== 'undefined' ? globalThis : typeof window !== 'undefined' ? window : this);
