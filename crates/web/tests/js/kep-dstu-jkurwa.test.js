'use strict';
// Cross-check against jkurwa (dstucrypt's JavaScript DSTU 4145 library), an implementation nobody here wrote.
// It is installed from npm into tests/js/jkurwa/ (its own package.json / package-lock.json; node_modules is not
// committed and never reaches the product). Without npm access the tests are skipped with a message saying so.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const G = require('../../assets/kep-gost.js');
const D = require('../../assets/kep-dstu4145.js');
const K = require('../../assets/kep-signer.js');

const VECTORS = process.env.EKROV_VECTORS || path.resolve(__dirname, '../../../../../shared/vectors');
const DIR = path.join(__dirname, 'jkurwa');
const MOD = path.join(DIR, 'node_modules');

function installJkurwa() {
  if (fs.existsSync(path.join(MOD, 'jkurwa')) && fs.existsSync(path.join(MOD, 'gost89'))) return null;
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--fetch-retries=1', '--fetch-timeout=30000'], { cwd: DIR, encoding: 'utf8', timeout: 300000 });
  if (r.status !== 0) {
    const lines = String(r.stderr || r.error).trim().split('\n');
    return 'npm could not install jkurwa (' + (lines.find((l) => /code|E[A-Z]{4,}/.test(l)) || lines[0]) + ')';
  }
  return null;
}

const why = !fs.existsSync(path.join(VECTORS, 'ua-certs')) ? 'no vectors at ' + VECTORS : installJkurwa();
if (why) console.log('SKIPPED jkurwa cross-check: ' + why);
const skip = why || false;
const jk = skip ? null : require(path.join(MOD, 'jkurwa'));
const gost89 = skip ? null : require(path.join(MOD, 'gost89'));
const algo = skip ? null : gost89.compat.algos();
const file = (p) => fs.readFileSync(path.join(VECTORS, p));
const M257 = D.namedCurve('1.2.804.2.1.1.1.1.3.1.1.2.6');
const M431 = D.namedCurve('1.2.804.2.1.1.1.1.3.1.1.2.9');
// jkurwa's Field prints as '<Field hex>'.
const jhex = (f) => String(f.toString(16)).replace(/^<Field (.*)>$/, '$1');
const short = (sig) => Buffer.concat([Buffer.from([4, sig.length]), Buffer.from(sig)]);

test('jkurwa verifies 1,000 signatures of the browser signer (M257, 50 random keys, random messages; 20 on M431)', { skip, timeout: 900000 }, () => {
  const run = (c, name, count, keys) => {
    let ok = 0;
    let refused = 0;
    const jc = jk.std_curve(name);
    for (let i = 0; i < count; i++) {
      if (i % (count / keys) === 0) {
        run.d = c.randomScalar(D.randomBytes);
        run.pub = jc.pkey(run.d.toString(16), 'hex').pub();
        // jkurwa derives the same public key from d: the same compressed point.
        assert.equal(Buffer.from(run.pub.serialize()).subarray(2).toString('hex'), Buffer.from(c.compress(c.publicKey(run.d))).toString('hex'));
      }
      const msg = D.randomBytes(1 + (i % 64));
      const h = G.hash(msg);
      assert.equal(Buffer.from(algo.hash(Buffer.from(msg))).toString('hex'), Buffer.from(h).toString('hex'), 'same GOST 34.311');
      const sig = c.sign(h, run.d);
      if (run.pub.verify(Buffer.from(h), short(sig), 'short')) ok++;
      // And jkurwa refuses the signature with one bit changed (every 10th, to keep the run short).
      if (i % 10) continue;
      const bad = Uint8Array.from(sig);
      bad[i % sig.length] ^= 1 << (i % 8);
      if (!run.pub.verify(Buffer.from(h), short(bad), 'short')) refused++;
    }
    return [ok, refused];
  };
  assert.deepEqual(run(M257, 'DSTU_PB_257', 1000, 50), [1000, 100]);
  assert.deepEqual(run(M431, 'DSTU_PB_431', 20, 4), [20, 2]);
});

test('jkurwa opens the same key files and finds the same keys (PKCS#8, PBES2 STORE_A040, Дія PKCS#12, JKS)', { skip }, async () => {
  const dk = K.dstuKeys();
  for (const name of ['Key40A0.cer', 'Key6929.cer', 'KeyE54B.cer', 'PRIV1.cer']) {
    const theirs = jhex(jk.Priv.from_asn1(file('ua-certs/' + name)).d);
    assert.equal(dk.readDstuPkcs8(new Uint8Array(file('ua-certs/' + name))).raw.toString(16), theirs, name);
  }
  const store = jk.Priv.from_protected(file('ua-certs/STORE_A040.dat'), 'password', algo).keys.map((k) => jhex(k.d));
  const mine = dk.openEncryptedPkcs8(K.der.parse(new Uint8Array(file('ua-certs/STORE_A040.dat'))), 'password').keys;
  assert.deepEqual(mine.map((k) => k.raw.toString(16)), store);
  const p12 = jk.Priv.from_protected(file('uapki/test-diia.p12'), 'testpassword', algo).keys;
  const mine12 = dk.openPfx(K.der.parse(new Uint8Array(file('uapki/test-diia.p12'))), 'testpassword').keys;
  assert.equal(p12.length, 2);
  assert.deepEqual(mine12.map((k) => [k.raw.toString(16), k.curve.F.m]), p12.map((k) => [jhex(k.d), k.curve.m]));
  // JKS: jkurwa's jksreader decodes the key protector to the same PKCS#8 bytes (UAPKI's sample holds an RSA key).
  const jks = require(path.join(MOD, 'jksreader'));
  const parsed = jks.parse(file('uapki/test-jks.jks'));
  const theirsJks = parsed.material.filter((m) => m.key).map((m) => Buffer.from(jks.decode(m.key, 'testpassword')).toString('hex'));
  const minesJks = (await dk.openJks(new Uint8Array(file('uapki/test-jks.jks')), 'testpassword')).foreign.map((b) => Buffer.from(b).toString('hex'));
  assert.deepEqual(minesJks, theirsJks);
  assert.equal(theirsJks.length, 1);
});

test('jkurwa verifies the browser signer\'s CMS SignedData (content attached) and refuses a changed one', { skip }, async () => {
  const key = await K.openPkcs12(new Uint8Array(file('ua-certs/PRIV1.cer')), 'x', { certificates: [new Uint8Array(file('ua-certs/SELF_SIGNED1.cer'))] });
  const content = new TextEncoder().encode('ekrov challenge 3f1c');
  const cms = await K.signDetached(key, content, { attached: true, signingTime: new Date('2019-02-12T19:33:20Z') });
  const m = new jk.models.Message(Buffer.from(cms));
  assert.equal(m.verify(algo.hash), true);
  assert.equal(Buffer.from(m.info.contentInfo.content).toString(), 'ekrov challenge 3f1c');
  // One bit of the signature value (the last 64 bytes of this DER) changed: refused.
  const bad = Buffer.from(cms);
  bad[bad.length - 10] ^= 0x10;
  assert.equal(new jk.models.Message(bad).verify(algo.hash), false);
});

test('jkurwa gives the answer manifest.json states for every committed fixture (fixtures/dstu)', { skip }, () => {
  const dir = path.join(__dirname, 'fixtures/dstu');
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  for (const m of manifest) {
    const msg = new jk.models.Message(fs.readFileSync(path.join(dir, m.file)));
    // Detached: jkurwa takes the content from the message object.
    if (!m.attached) msg.info.contentInfo.content = fs.readFileSync(path.join(dir, m.content));
    assert.equal(msg.verify(algo.hash), m.expect === 'valid', m.file + ' with ' + m.content);
  }
});

test('jkurwa opens the national PKCS#12 and the JKS our test writer makes, and finds the same key and certificate', { skip }, () => {
  const C = require('./dstu-containers.js');
  const pkcs8 = new Uint8Array(file('ua-certs/Key40A0.cer'));
  const cert = new Uint8Array(file('ua-certs/SELF_SIGNED_ENC_40A0.cer'));
  const want = jhex(jk.Priv.from_asn1(file('ua-certs/Key40A0.cer')).d);
  const p12 = jk.Priv.from_protected(Buffer.from(C.pkcs12(pkcs8, cert, 'secret')), 'secret', algo);
  assert.deepEqual(p12.keys.map((k) => jhex(k.d)), [want]);
  assert.equal(Buffer.from(p12.certs[0]).toString('hex'), Buffer.from(cert).toString('hex'));
  const load = require(path.join(MOD, 'jkurwa/lib/util/load.js'));
  const got = load({ keyBuffers: [Buffer.from(C.jks(pkcs8, [cert], 'secret'))], password: 'secret' }, algo);
  assert.deepEqual(got.filter((x) => x.priv).map((x) => jhex(x.priv.d)), [want]);
  assert.equal(got.filter((x) => x.cert).length, 1);
});

test('jkurwa (gost89) opens the IIT-form Key-6.dat our test writer makes and finds the same key', { skip }, () => {
  const C = require('./dstu-containers.js');
  const iit = Buffer.from(C.iitStore(new Uint8Array(file('ua-certs/Key40A0.cer')), 'password'));
  const theirs = jk.Priv.from_protected(iit, 'password', algo).keys.map((k) => jhex(k.d));
  assert.deepEqual(theirs, [jhex(jk.Priv.from_asn1(file('ua-certs/Key40A0.cer')).d)]);
  const mine = K.dstuKeys().openIitStore(K.der.parse(new Uint8Array(iit)), 'password').keys.map((k) => k.raw.toString(16));
  assert.deepEqual(mine, theirs);
});

test('jkurwa reads the second key of an IIT-style PKCS#8 as we do', { skip }, () => {
  const C = require('./dstu-containers.js');
  const d2 = BigInt('0x' + jhex(jk.Priv.from_asn1(file('ua-certs/Key6929.cer')).d));
  const two = C.withSecondKey(new Uint8Array(file('ua-certs/Key40A0.cer')), d2);
  const theirs = jk.Priv.from_asn1(Buffer.from(two), true).keys.map((k) => jhex(k.d));
  assert.equal(theirs.length, 2);
  assert.deepEqual(K.dstuKeys().readDstuKeys(two).map((k) => k.raw.toString(16)), theirs);
});
