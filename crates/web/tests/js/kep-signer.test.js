'use strict';
// node --test crates/web/tests/js/
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const K = require('../../assets/kep-signer.js');
const pki = require('./pki.js');

const HELLO = new TextEncoder().encode('hello challenge');
const VECTORS = path.resolve(__dirname, '../../../../../shared/vectors');

const { W, parse, readOid, readTime } = K.der;

before(() => {
  pki.write('data.txt', HELLO);
  pki.write('tampered.txt', 'hello challengf');
  pki.selfSigned('p256', 'P-256', '/CN=Шевченко Тарас Григорович/SN=Шевченко/GN=Тарас Григорович/serialNumber=TINUA-3184710691/C=UA');
  pki.selfSigned('p384', 'P-384', '/CN=P-384 person/serialNumber=3184710691');
  pki.selfSigned('rsa', 'rsa', '/CN=RSA person/serialNumber=TINUA-3184710691');
});
after(() => pki.cleanup());

async function signAndVerify(p12name, caFile, opts) {
  const key = await K.openPkcs12(pki.read(p12name), (opts && opts.password) || 'secret');
  const sig = await K.signDetached(key, HELLO, opts);
  pki.write(p12name + '.sig', sig);
  const loose = pki.cmsVerify(p12name + '.sig', 'data.txt');
  assert.ok(loose.ok, 'openssl cms -verify -noverify: ' + loose.out);
  const strict = pki.cmsVerify(p12name + '.sig', 'data.txt', caFile);
  assert.ok(strict.ok, 'openssl cms -verify -CAfile: ' + strict.out);
  const bad = pki.cmsVerify(p12name + '.sig', 'tampered.txt');
  assert.equal(bad.ok, false, 'a tampered content must not verify');
  return { key, sig };
}

for (const [name, algorithm] of [['p256', 'ECDSA-P256'], ['p384', 'ECDSA-P384'], ['rsa', 'RSA']]) {
  test(`${algorithm}: OpenSSL 3 default PKCS#12 opens, signs, and openssl cms -verify accepts`, async () => {
    pki.p12(name + '.p12', name + '.key', name + '.pem');
    const { key } = await signAndVerify(name + '.p12', pki.file(name + '.pem'));
    assert.equal(key.algorithm, algorithm);
    assert.equal(key.subject.rnokpp, '3184710691');
    assert.equal(key.chain.length, 0);
    assert.ok(key.privateKey.type === 'private' && key.privateKey.extractable === false, 'non-extractable key');
    assert.ok(key.notAfter > new Date() && key.notBefore <= new Date());
  });
}

test('subject names are read (UTF-8, Ukrainian), РНОКПП from TINUA- serialNumber', async () => {
  const key = await K.openPkcs12(pki.p12('names.p12', 'p256.key', 'p256.pem'), 'secret');
  assert.equal(key.subject.commonName, 'Шевченко Тарас Григорович');
  assert.equal(key.subject.surname, 'Шевченко');
  assert.equal(key.subject.givenName, 'Тарас Григорович');
  assert.equal(key.subject.serialNumber, 'TINUA-3184710691');
  assert.equal(key.subject.rnokpp, '3184710691');
  assert.equal(key.issuer.commonName, 'Шевченко Тарас Григорович');
});

test('CA-issued person: РНОКПП from subjectDirectoryAttributes, chain carried, openssl verifies against the CA', async () => {
  pki.caAndPerson('2934105678');
  pki.openssl(['pkcs12', '-export', '-inkey', 'person.key', '-in', 'person.pem', '-certfile', 'ca.pem',
    '-passout', 'pass:secret', '-out', 'person.p12']);
  const { key, sig } = await signAndVerify('person.p12', pki.file('ca.pem'));
  assert.equal(key.subject.rnokpp, '2934105678');
  assert.equal(key.subject.surname, 'Коваленко');
  assert.equal(key.issuer.organizationName, 'Тестовий КНЕДП');
  assert.equal(key.chain.length, 1);
  // The signer's certificate comes first in the CMS, then the CA.
  const certs = parse(sig).children[1].children[0].children[3];
  assert.equal(certs.tag, 0xa0);
  assert.equal(certs.children.length, 2);
  assert.deepEqual(certs.children[0].bytes, key.certificate);
  // Without the CA the strict verification fails (it really checks the chain).
  assert.equal(pki.cmsVerify('person.p12.sig', 'data.txt', pki.file('p256.pem')).ok, false);
});

test('the CA certificate listed first in the PFX is not mistaken for the signer', async () => {
  pki.caAndPerson('2934105678');
  // -in with the CA first, then the person's certificate
  pki.write('both.pem', fs.readFileSync(pki.file('ca.pem')) + fs.readFileSync(pki.file('person.pem')).toString());
  pki.openssl(['pkcs12', '-export', '-inkey', 'person.key', '-in', 'both.pem', '-passout', 'pass:secret', '-out', 'both.p12']);
  const key = await K.openPkcs12(pki.read('both.p12'), 'secret');
  assert.equal(key.subject.rnokpp, '2934105678');
  assert.equal(key.chain.length, 1);
});

test('wrong password → wrong_password (MAC check), for every algorithm', async () => {
  for (const name of ['p256', 'p384', 'rsa']) {
    const bytes = pki.p12(name + '-w.p12', name + '.key', name + '.pem');
    await assert.rejects(K.openPkcs12(bytes, 'Secret'), { code: 'wrong_password', message: 'Невірний пароль або пошкоджений файл ключа' });
    await assert.rejects(K.openPkcs12(bytes, ''), { code: 'wrong_password' });
  }
});

test('wrong password without a MAC is still detected (decryption padding / structure)', async () => {
  const bytes = pki.p12('nomac.p12', 'p256.key', 'p256.pem', ['-nomac']);
  await assert.rejects(K.openPkcs12(bytes, 'wrong'), { code: 'wrong_password' });
  const key = await K.openPkcs12(bytes, 'secret');
  assert.equal(key.subject.rnokpp, '3184710691');
});

test('a damaged file → wrong_password (MAC mismatch) or not_a_key_file', async () => {
  const bytes = pki.p12('dmg.p12', 'p256.key', 'p256.pem').slice();
  bytes[Math.floor(bytes.length / 2)] ^= 0x55;
  await assert.rejects(K.openPkcs12(bytes, 'secret'), (e) => ['wrong_password', 'not_a_key_file'].includes(e.code));
  await assert.rejects(K.openPkcs12(bytes.subarray(0, 100), 'secret'), { code: 'not_a_key_file' });
});

test('damaged files never throw anything but a typed KepError with a known code', async () => {
  const good = pki.p12('fuzz.p12', 'p256.key', 'p256.pem', ['-iter', '1', '-maciter']);
  const codes = new Set(Object.keys(K.MESSAGES));
  let seed = 12345;
  const rnd = (n) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
  for (let i = 0; i < 400; i++) {
    let b = good.slice();
    const kind = i % 4;
    if (kind === 0) b = b.subarray(0, rnd(b.length));
    else if (kind === 1) for (let j = 0; j < 1 + rnd(4); j++) b[rnd(b.length)] ^= 1 << rnd(8);
    else if (kind === 2) b[rnd(b.length)] = [0x00, 0x80, 0x81, 0x84, 0xff][rnd(5)];
    else b = new Uint8Array(rnd(200)).map(() => rnd(256));
    try {
      await K.openPkcs12(b, 'secret');
    } catch (e) {
      assert.ok(e instanceof K.KepError && codes.has(e.code), 'case ' + i + ': ' + e);
    }
  }
});

test('an empty password works as OpenSSL writes it', async () => {
  pki.openssl(['pkcs12', '-export', '-inkey', 'p256.key', '-in', 'p256.pem', '-passout', 'pass:', '-out', 'empty.p12']);
  const key = await K.openPkcs12(pki.read('empty.p12'), '');
  assert.equal(key.subject.rnokpp, '3184710691');
  await assert.rejects(K.openPkcs12(pki.read('empty.p12'), 'x'), { code: 'wrong_password' });
});

test('PBES2 variants: AES-128-CBC, SHA-1 and SHA-512 MACs, many iterations, non-ASCII password', async () => {
  const variants = [
    ['-keypbe', 'AES-128-CBC', '-certpbe', 'AES-128-CBC'],
    ['-macalg', 'sha1'],
    ['-macalg', 'sha512'],
    ['-iter', '10000', '-maciter'],
    ['-certpbe', 'NONE'],
  ];
  for (const [i, v] of variants.entries()) {
    const key = await K.openPkcs12(pki.p12(`var${i}.p12`, 'p256.key', 'p256.pem', v), 'secret');
    assert.equal(key.subject.rnokpp, '3184710691', v.join(' '));
  }
  pki.openssl(['pkcs12', '-export', '-inkey', 'p256.key', '-in', 'p256.pem', '-passout', 'pass:Пароль ключа №1', '-out', 'cyr.p12']);
  const key = await K.openPkcs12(pki.read('cyr.p12'), 'Пароль ключа №1');
  assert.equal(key.algorithm, 'ECDSA-P256');
  await assert.rejects(K.openPkcs12(pki.read('cyr.p12'), 'пароль ключа №1'), { code: 'wrong_password' });
});

test('PBKDF2 PRFs hmacWithSHA1 / SHA256 / SHA512 in a hand-built PFX without a MAC', async () => {
  const cert = pemToDer(fs.readFileSync(pki.file('p256.pem'), 'utf8'));
  for (const prf of ['hmacWithSHA1', 'hmacWithSHA256', 'hmacWithSHA512']) {
    pki.openssl(['pkcs8', '-topk8', '-in', 'p256.key', '-v2', 'aes-256-cbc', '-v2prf', prf, '-passout', 'pass:secret',
      '-outform', 'DER', '-out', `epk-${prf}.der`]);
    const epki = pki.read(`epk-${prf}.der`);
    const safe = W.seq(
      W.seq(W.oid(K.OID.shroudedKeyBag), W.explicit(0, epki)),
      W.seq(W.oid(K.OID.certBag), W.explicit(0, W.seq(W.oid(K.OID.x509Certificate), W.explicit(0, W.octets(cert))))),
    );
    const authSafe = W.seq(W.seq(W.oid(K.OID.data), W.explicit(0, W.octets(safe))));
    const pfx = W.seq(W.int(3), W.seq(W.oid(K.OID.data), W.explicit(0, W.octets(authSafe))));
    const key = await K.openPkcs12(pfx, 'secret');
    assert.equal(key.subject.rnokpp, '3184710691', prf);
    const sig = await K.signDetached(key, HELLO);
    pki.write(`prf-${prf}.sig`, sig);
    assert.ok(pki.cmsVerify(`prf-${prf}.sig`, 'data.txt').ok, prf);
    await assert.rejects(K.openPkcs12(pfx, 'wrong'), { code: 'wrong_password' });
  }
});

test('an EC key whose PKCS#8 lacks the public key still opens and signs', async () => {
  pki.openssl(['ec', '-in', 'p256.key', '-no_public', '-out', 'nopub.key']);
  pki.p12('nopub.p12', 'nopub.key', 'p256.pem');
  await signAndVerify('nopub.p12', pki.file('p256.pem'));
});

test('…also where WebCrypto refuses such a PKCS#8: the public key is taken from the certificate', async () => {
  pki.openssl(['ec', '-in', 'p256.key', '-no_public', '-out', 'nopub.key']);
  pki.p12('nopub2.p12', 'nopub.key', 'p256.pem');
  const subtle = globalThis.crypto.subtle;
  const original = subtle.importKey;
  let refused = 0;
  subtle.importKey = function (format, data, ...rest) {
    if (format === 'pkcs8') {
      const ecpk = parse(parse(new Uint8Array(data)).children[2].value);
      if (!ecpk.children.some((c) => c.tag === 0xa1)) {
        refused++;
        return Promise.reject(new DOMException('no public key', 'DataError'));
      }
    }
    return original.call(this, format, data, ...rest);
  };
  try {
    await signAndVerify('nopub2.p12', pki.file('p256.pem'));
  } finally {
    delete subtle.importKey;
  }
  assert.equal(subtle.importKey, original);
  assert.equal(refused, 1);
});

test('legacy containers → legacy_pkcs12 with advice to re-export with AES', async () => {
  const legacy = pki.run(['pkcs12', '-export', '-legacy', '-inkey', 'p256.key', '-in', 'p256.pem', '-passout', 'pass:secret', '-out', 'legacy.p12']);
  const files = [];
  if (legacy.ok) files.push('legacy.p12');
  pki.p12('3des.p12', 'p256.key', 'p256.pem', ['-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1']);
  files.push('3des.p12');
  for (const f of files) {
    for (const pw of ['secret', 'wrong']) {
      await assert.rejects(K.openPkcs12(pki.read(f), pw), (e) => {
        assert.equal(e.code, 'legacy_pkcs12', f);
        assert.match(e.message, /AES/);
        assert.match(e.messageEn, /AES/);
        return true;
      });
    }
  }
  assert.ok(legacy.ok, 'the legacy provider is available here, so -legacy was exercised: ' + legacy.out);
});

test('JKS: a truncated store is not a key file; UAPKI\'s RSA sample: wrong password, then "add the certificate"', async () => {
  const jks = Uint8Array.of(0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2, 0, 0, 0, 1);
  await assert.rejects(K.openPkcs12(jks, 'x'), { code: 'not_a_key_file' });
  const real = path.join(VECTORS, 'uapki/test-jks.jks');
  if (fs.existsSync(real)) {
    const bytes = new Uint8Array(fs.readFileSync(real));
    await assert.rejects(K.openPkcs12(bytes, 'wrongpassword'), { code: 'wrong_password' });
    // The store's integrity digest and the key protector both pass; the store holds one RSA key and no certificate.
    await assert.rejects(K.openPkcs12(bytes, 'testpassword'), (e) => e.code === 'need_certificate' && /сертифіката/.test(e.message));
  }
});

test('Key-6.dat: a malformed IIT store and a file that is not DER are named in Ukrainian', async () => {
  const iit = W.seq(
    W.seq(W.oid('1.3.6.1.4.1.19398.1.1.1.2'), W.seq(W.octets(Uint8Array.of(1, 2, 3, 4)), W.octets(Uint8Array.of(0)))),
    W.octets(new Uint8Array(64).fill(7)),
  );
  const check = (e) => e.code === 'not_a_key_file' && /^Файл не схожий на файл ключа/.test(e.message);
  await assert.rejects(K.openPkcs12(iit, 'x'), check);
  await assert.rejects(K.openPkcs12(new Uint8Array(300).fill(0x42), 'x', { fileName: 'Key-6.dat' }), check);
  // Well-formed, but the data is not a key under this password.
  const sealed = W.seq(W.seq(W.oid('1.3.6.1.4.1.19398.1.1.1.2'), W.seq(W.octets(Uint8Array.of(1, 2, 3, 4)))), W.octets(new Uint8Array(64).fill(7)));
  await assert.rejects(K.openPkcs12(sealed, 'x', { fileName: 'Key-6.dat' }), { code: 'wrong_password' });
});

test('not a key file / a bare PKCS#8 key → clear codes', async () => {
  await assert.rejects(K.openPkcs12(new TextEncoder().encode('hello, I am not a key'), 'x'), { code: 'not_a_key_file' });
  await assert.rejects(K.openPkcs12(new Uint8Array(0), 'x'), { code: 'not_a_key_file' });
  pki.openssl(['pkcs8', '-topk8', '-in', 'p256.key', '-v2', 'aes-256-cbc', '-passout', 'pass:secret', '-outform', 'DER', '-out', 'k.pk8']);
  await assert.rejects(K.openPkcs12(pki.read('k.pk8'), 'secret', { fileName: 'k.pk8' }), { code: 'no_certificate' });
});

test('CMS structure: version 1, sha256, detached id-data, DER-sorted signed attributes, given signingTime', async () => {
  const key = await K.openPkcs12(pki.p12('s.p12', 'p256.key', 'p256.pem'), 'secret');
  const when = new Date(Date.UTC(2031, 4, 6, 7, 8, 9));
  const sig = await K.signDetached(key, HELLO, { signingTime: when });
  const ci = parse(sig);
  assert.equal(readOid(ci.children[0]), '1.2.840.113549.1.7.2');
  const sd = ci.children[1].children[0];
  assert.deepEqual(Array.from(sd.children[0].value), [1]);
  assert.equal(readOid(sd.children[1].children[0].children[0]), '2.16.840.1.101.3.4.2.1');
  const eci = sd.children[2];
  assert.equal(readOid(eci.children[0]), '1.2.840.113549.1.7.1');
  assert.equal(eci.children.length, 1, 'detached: no eContent');
  const si = sd.children[4].children[0];
  assert.deepEqual(Array.from(si.children[0].value), [1]);
  const signedAttrs = si.children[3];
  assert.equal(signedAttrs.tag, 0xa0);
  const encs = signedAttrs.children.map((c) => c.bytes);
  for (let i = 1; i < encs.length; i++) assert.ok(Buffer.compare(Buffer.from(encs[i - 1]), Buffer.from(encs[i])) <= 0, 'sorted');
  const byOid = Object.fromEntries(signedAttrs.children.map((a) => [readOid(a.children[0]), a.children[1].children[0]]));
  assert.equal(readOid(byOid['1.2.840.113549.1.9.3']), '1.2.840.113549.1.7.1');
  assert.equal(byOid['1.2.840.113549.1.9.5'].tag, 0x17, 'UTCTime');
  assert.equal(readTime(byOid['1.2.840.113549.1.9.5']).getTime(), when.getTime());
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', HELLO));
  assert.deepEqual(byOid['1.2.840.113549.1.9.4'].value, digest);
  assert.ok(byOid['1.2.840.113549.1.9.16.2.47'], 'ESS signingCertificateV2 (CAdES-BES)');
  assert.equal(readOid(si.children[4].children[0]), '1.2.840.10045.4.3.2');
  // The signature covers the SET-tagged (0x31) encoding of the attributes.
  const setEnc = Uint8Array.from(signedAttrs.bytes);
  setEnc[0] = 0x31;
  const pub = await crypto.subtle.importKey('spki', K.parseCertificate(key.certificate).spki, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
  const derSig = parse(si.children[5].value);
  const raw = new Uint8Array(64);
  for (const [i, n] of derSig.children.entries()) {
    const v = n.value[0] === 0 ? n.value.subarray(1) : n.value;
    raw.set(v, 32 * (i + 1) - v.length);
  }
  assert.ok(await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, pub, raw, setEnc));
  // Without the CAdES attribute (plain CMS as the brief's minimum) openssl still verifies.
  pki.write('plain.sig', await K.signDetached(key, HELLO, { cades: false }));
  assert.ok(pki.cmsVerify('plain.sig', 'data.txt', pki.file('p256.pem')).ok);
});

test('a signing time from 2050 on is GeneralizedTime, and openssl accepts it', async () => {
  const key = await K.openPkcs12(pki.p12('g.p12', 'p256.key', 'p256.pem'), 'secret');
  const sig = await K.signDetached(key, HELLO, { signingTime: new Date(Date.UTC(2051, 0, 1)) });
  pki.write('g.sig', sig);
  assert.ok(pki.cmsVerify('g.sig', 'data.txt').ok);
});

test('ECDSA r‖s → DER: leading zeros stripped, 0x00 added before a high bit', () => {
  const raw = new Uint8Array(64);
  raw[0] = 0x00; raw[1] = 0x00; raw[2] = 0x7f; // r = 0x7f… with two leading zeros
  raw[32] = 0x80; // s has its high bit set
  raw[63] = 1;
  const d = parse(K.ecdsaRawToDer(raw));
  assert.equal(d.children[0].value.length, 30);
  assert.equal(d.children[0].value[0], 0x7f);
  assert.equal(d.children[1].value.length, 33);
  assert.equal(d.children[1].value[0], 0x00);
  assert.equal(d.children[1].value[1], 0x80);
  const zero = parse(K.ecdsaRawToDer(new Uint8Array(64)));
  assert.deepEqual(Array.from(zero.children[0].bytes), [2, 1, 0]);
});

test('DER writer/reader round trip: OIDs, lengths, SET sorting, BER indefinite length', () => {
  for (const oid of ['1.2.804.2.1.1.1.11.1.4.1.1', '2.5.29.9', '1.3.6.1.4.1.19398.1.1.1.2', '2.999.3']) {
    assert.equal(readOid(parse(W.oid(oid))), oid);
  }
  const big = W.octets(new Uint8Array(70000));
  assert.equal(parse(big).value.length, 70000);
  const set = W.set(W.int(300), W.int(5), W.octets(Uint8Array.of(1)));
  assert.deepEqual(parse(set).children.map((c) => c.tag), [0x02, 0x02, 0x04]);
  assert.deepEqual(Array.from(parse(set).children[0].value), [5]);
  const ber = Uint8Array.of(0x30, 0x80, 0x24, 0x80, 0x04, 0x01, 0xaa, 0x04, 0x01, 0xbb, 0x00, 0x00, 0x00, 0x00);
  assert.deepEqual(Array.from(K.der.stringBytes(parse(ber).children[0])), [0xaa, 0xbb]);
  assert.throws(() => parse(Uint8Array.of(0x30, 0x05, 0x01)));
  assert.equal(K.base64Encode(K.base64Decode('aGVsbG8gY2hhbGxlbmdl')), 'aGVsbG8gY2hhbGxlbmdl');
  assert.equal(K.base64Encode(Uint8Array.of(1, 2)), Buffer.from([1, 2]).toString('base64'));
});

test('shared vector certificates parse without throwing', { skip: !fs.existsSync(VECTORS) }, () => {
  const dirs = [path.join(VECTORS, 'uapki/certs'), path.join(VECTORS, 'ua-certs')];
  let n = 0;
  for (const d of dirs) {
    for (const f of fs.readdirSync(d).filter((x) => /\.cer$/.test(x))) {
      const bytes = new Uint8Array(fs.readFileSync(path.join(d, f)));
      try {
        const c = K.parseCertificate(bytes);
        assert.ok(c.notAfter instanceof Date, f);
        n++;
      } catch (e) {
        // a few jkurwa files are bare keys or a PKCS#7 certificate list, not certificates
        if (!/^(Key|PRIV|CAList)/.test(f)) throw new Error(f + ': ' + e.message);
      }
    }
  }
  assert.ok(n >= 10);
  const diia = K.parseCertificate(new Uint8Array(fs.readFileSync(path.join(VECTORS, 'uapki/certs/diia-test-kep-7775604.cer'))));
  assert.ok(diia.subject.edrpou === '43395033' || diia.subject.edrpou === null);
});

function pemToDer(pem) {
  return new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s/g, ''), 'base64'));
}

test('UAPKI\'s JKS (an RSA key, no certificate inside) opens with its certificate given separately and signs', { skip: !fs.existsSync(path.join(VECTORS, 'uapki/test-jks.jks')) }, async () => {
  const jks = new Uint8Array(fs.readFileSync(path.join(VECTORS, 'uapki/test-jks.jks')));
  // The key itself, as the JKS key protector gives it, to make a certificate for it with openssl.
  const [pkcs8] = (await K.dstuKeys().openJks(jks, 'testpassword')).foreign;
  pki.write('jks-rsa.der', pkcs8);
  pki.openssl(['pkey', '-inform', 'DER', '-in', 'jks-rsa.der', '-out', 'jks-rsa.key']);
  pki.openssl(['req', '-x509', '-new', '-utf8', '-key', 'jks-rsa.key', '-subj', '/CN=JKS RSA/serialNumber=TINUA-3184710691', '-days', '30', '-out', 'jks-rsa.pem']);
  const key = await K.openPkcs12(jks, 'testpassword', { fileName: 'test.jks', certificates: [pki.read('jks-rsa.pem')] });
  assert.equal(key.algorithm, 'RSA');
  assert.equal(key.privateKey.extractable, false);
  pki.write('jks-data.txt', HELLO);
  pki.write('jks.sig', await K.signDetached(key, HELLO));
  const v = pki.cmsVerify('jks.sig', 'jks-data.txt', pki.file('jks-rsa.pem'));
  assert.ok(v.ok, v.out);
});
