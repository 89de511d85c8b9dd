'use strict';
// DSTU 4145 / GOST 34.311 / GOST 28147 in the browser signer, against ../shared/vectors (dstu/vectors.json and the
// key files of ua-certs/ and uapki/). Skipped when the vectors folder is absent.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const G = require('../../assets/kep-gost.js');
const D = require('../../assets/kep-dstu4145.js');
const K = require('../../assets/kep-signer.js');

const VECTORS = process.env.EKROV_VECTORS || path.resolve(__dirname, '../../../../../shared/vectors');
const have = fs.existsSync(path.join(VECTORS, 'dstu/vectors.json'));
const V = have ? JSON.parse(fs.readFileSync(path.join(VECTORS, 'dstu/vectors.json'), 'utf8')) : null;
const skip = have ? false : 'no vectors at ' + VECTORS;
const file = (p) => new Uint8Array(fs.readFileSync(path.join(VECTORS, p)));
const hex = (b) => Buffer.from(b).toString('hex');
const H = (h) => new Uint8Array(Buffer.from(h, 'hex'));
const big = (h) => BigInt('0x' + h);
const M257 = D.namedCurve('1.2.804.2.1.1.1.1.3.1.1.2.6');
const feHex = (c, a) => c.F.toBig(a).toString(16);
const strip = (h) => h.replace(/^0+(?=.)/, '');

test('GOST 28147-89: UAPKI ECB, CTR, CFB and MAC vectors (S-box 11); the packed DKE equals the 128-nibble table', { skip }, () => {
  const g = V.gost28147_89;
  assert.equal(hex(G.unpackSbox(G.DKE_PACKED)), g.sboxes.DKE_1.unpacked_128_hex);
  assert.equal(hex(G.unpackSbox(H(g.sboxes.GOST34311_TEST_SBOX_11.packed_64_hex_derived))), g.sboxes.GOST34311_TEST_SBOX_11.unpacked_128_hex);
  const s11 = H(g.sboxes.GOST34311_TEST_SBOX_11.unpacked_128_hex);
  let n = 0;
  for (const v of g.vectors) {
    const c = new G.Gost28147(H(v.key), s11);
    if (v.mode === 'ECB') {
      assert.equal(hex(c.ecb(H(v.data))), v.enc_expected);
      assert.equal(hex(c.ecb(H(v.enc_expected), true)), v.data);
    } else if (v.mode.startsWith('CTR')) assert.equal(hex(c.ctr(H(v.data), H(v.iv))), v.enc_expected);
    else if (v.mode.startsWith('CFB')) {
      assert.equal(hex(c.cfb(H(v.data), H(v.iv))), v.enc_expected);
      assert.equal(hex(c.cfb(H(v.enc_expected), H(v.iv), true)), v.data);
    } else if (v.mode.startsWith('MAC')) assert.equal(hex(c.mac(H(v.data))), v.mac_exp);
    else continue;
    n++;
  }
  assert.equal(n, 4);
});

test('GOST 34.311-95: A.3.1/A.3.2 (S-box 11), the DKE vectors of UAPKI, message.p7 and gost89', { skip }, () => {
  const g = V.gost34311_95;
  const s11 = H(V.gost28147_89.sboxes.GOST34311_TEST_SBOX_11.unpacked_128_hex);
  for (const v of g.vectors) assert.equal(hex(G.hash(H(v.message_hex), v.sbox === 'DKE_1' ? undefined : s11)), v.hash.hex, v.label);
  const [digest123, certHash] = g.vectors_from_jkurwa_test_files;
  assert.equal(hex(G.hash(H(digest123.message_hex))), digest123.hash.hex);
  assert.equal(hex(G.hash(file('ua-certs/SELF_SIGNED1.cer'))), certHash.hash.hex);
  for (const v of g.supplementary_vectors_dstucrypt_gost89.vectors) {
    const m = v.message_hex ? H(v.message_hex) : new TextEncoder().encode(v.message_ascii);
    assert.equal(hex(G.hash(m)), v.hash_hex);
    // Fed in pieces, the hash is the same.
    assert.equal(hex(new G.Gost34311().update(m.subarray(0, 3)).update(m.subarray(3)).digest()), v.hash_hex);
  }
});

function annexCurve() {
  const c = V.dstu4145_2002_annex_b.curve;
  return new D.Curve({
    exps: c.field_polynomial.exponents.slice(0, -1),
    a: c.A,
    b: big(c.B.big_endian_hex),
    n: big(c.N.big_endian_hex),
    px: big(c.Px.big_endian_hex),
    py: big(c.Py.big_endian_hex),
  });
}

test('DSTU 4145-2002 Annex B (M163 test curve): Q = -dP, signature with the given k, verification', { skip }, () => {
  const ab = V.dstu4145_2002_annex_b;
  const c = annexCurve();
  const d = big(ab.d.big_endian_hex);
  const Q = c.publicKey(d);
  assert.equal(hex(D.bigToLE(c.F.toBig(Q.x), 21)), ab.Qx.hex);
  assert.equal(hex(D.bigToLE(c.F.toBig(Q.y), 21)), ab.Qy.hex);
  const sig = c.signWithK(c.hashToField(H(ab.H.hex)), d, big(ab.k.big_endian_hex));
  assert.equal(hex(c.encodeSignature(sig)), ab.R.hex + ab.S.hex);
  assert.equal(c.verify(H(ab.H.hex), H(ab.R.hex + ab.S.hex), Q), true);
  assert.equal(c.ladder(c.n, c.G), null, 'n·P = O');
});

test('every standard curve M163…M431: base point on the curve, of order n; OIDs .2.0 … .2.9', { skip }, () => {
  const curves = V.dstu4145_standard_curves_pb.curves;
  assert.equal(curves.length, 10);
  for (const cv of curves) {
    const c = D.namedCurve(cv.oid);
    assert.ok(c, cv.oid);
    assert.equal(c.F.m, cv.m);
    assert.deepEqual(c.exps, cv.field_polynomial.exponents.slice(0, -1));
    assert.equal(c.a, cv.A);
    assert.equal(hex(D.bigToLE(c.n, cv.N.length_bytes)), cv.N.hex);
    assert.equal(hex(D.bigToLE(c.F.toBig(c.G.x), cv.Px.length_bytes)), cv.Px.hex);
    assert.equal(hex(D.bigToLE(c.F.toBig(c.G.y), cv.Py.length_bytes)), cv.Py.hex);
    assert.equal(hex(D.bigToLE(c.F.toBig(c.b), cv.B.length_bytes)), cv.B.hex);
    assert.equal(c.onCurve(c.G), true, cv.name);
    assert.equal(c.ladder(c.n, c.G), null, cv.name + ': n·G = O');
    assert.notEqual(c.ladder(c.n - 1n, c.G), null, cv.name + ': (n-1)·G ≠ O');
  }
});

test('jkurwa M257 vectors: fixed-e signature, verify from hash bytes, encoding, 2Q, e·Q, compression, trace, GF(2^257)', { skip }, () => {
  const j = V.jkurwa_dstu4145_m257_vectors;
  const c = M257;
  const F = c.F;
  const sw = j.sign_with_fixed_e;
  const d = big(sw.d.be_hex);
  const Q = c.publicKey(d);
  assert.equal(feHex(c, Q.x), strip(sw.Qx.be_hex));
  assert.equal(feHex(c, Q.y), strip(sw.Qy.be_hex));
  const sig = c.signWithK(F.fromBig(big(sw.h_field_element.be_hex)), d, big(sw.e.be_hex));
  assert.equal(sig.r.toString(16), strip(sw.expected_r.be_hex));
  assert.equal(sig.s.toString(16), strip(sw.expected_s.be_hex));
  const enc = j.signature_encoding;
  assert.equal('0440' + hex(c.encodeSignature(sig)), enc.serialised_hex);
  const vh = j.verify_hash_bytes;
  assert.equal(c.verify(H(vh.hash_bytes_hex), H(vh.signature_der_octet_string_hex.slice(4)), c.publicKey(big(vh.d.be_hex))), true);
  const po = j.point_ops;
  const q = { x: F.fromBig(big(po.Q.x.be_hex)), y: F.fromBig(big(po.Q.y.be_hex)) };
  assert.equal(c.onCurve(q), po.Q_is_on_curve);
  const q2 = c.add(q, q);
  assert.equal(feHex(c, q2.x), strip(po.two_Q.x.be_hex));
  assert.equal(feHex(c, q2.y), strip(po.two_Q.y.be_hex));
  const eq = c.mul(big(po.e.be_hex), q);
  assert.equal(feHex(c, eq.x), strip(po.e_times_Q.x.be_hex));
  assert.equal(feHex(c, eq.y), strip(po.e_times_Q.y.be_hex));
  for (const cs of j.compression.cases) {
    const bytes = D.bigToLE(big(cs.compressed.be_hex), 33);
    if (cs.compressed.be_hex === '00') {
      assert.throws(() => c.decompress(bytes), D.DstuError, 'zero is refused: not a point of the subgroup');
      continue;
    }
    const P = c.decompress(bytes);
    assert.equal(feHex(c, P.x), strip(cs.x.be_hex), cs.label);
    if (cs.y) assert.equal(feHex(c, P.y), strip(cs.y.be_hex), cs.label);
    assert.equal(hex(c.compress(P)), hex(bytes), cs.label);
  }
  assert.equal(F.trace(F.fromBig(big(j.compression.trace.value.be_hex))), j.compression.trace.trace);
  const g = j.gf2m_257;
  // The reduce input has 260 bits; it is given to the reduction as a 2W-word value.
  const wide = new Uint32Array(2 * F.W + 2);
  let v = big(g.reduce.input.be_hex);
  for (let i = 0; v > 0n; i++, v >>= 32n) wide[i] = Number(v & 0xffffffffn);
  const red = F.reduce(wide);
  assert.equal(feHex(c, red), strip(g.reduce.reduced.be_hex));
  assert.equal(feHex(c, F.mul(red, F.fromBig(big(g.mul.b.be_hex)))), strip(g.mul.product.be_hex));
  assert.equal(feHex(c, F.inv(red)), strip(g.inv.inverse.be_hex));
});

// d of each key file as vectors.json lists it.
function privateScalars() {
  const pk = V.jkurwa_dstu4145_m257_vectors.private_keys_in_ua_certs;
  return {
    'Key40A0.cer': big(pk['Key40A0.cer / Key40A0.pem / STORE_A040.dat'].d.be_hex),
    'Key6929.cer': big(pk['Key6929.cer'].d.be_hex),
    'KeyE54B.cer': big(pk['KeyE54B.cer'].d.be_hex),
    // Its 32 key bytes are ASCII '21098765432109876543210987654321' read little-endian (vectors README).
    'PRIV1.cer': D.bigFromLE(new TextEncoder().encode('21098765432109876543210987654321')),
  };
}

test('key files: Key40A0, Key6929, KeyE54B, PRIV1 (PKCS#8) and STORE_A040 (PBES2-GOST, "password") yield the listed d', { skip }, () => {
  const dk = K.dstuKeys();
  const want = privateScalars();
  for (const [name, d] of Object.entries(want)) {
    const k = dk.readDstuPkcs8(file('ua-certs/' + name));
    assert.equal(k.raw, d, name);
  }
  const pem = K.base64Decode(fs.readFileSync(path.join(VECTORS, 'ua-certs/Key40A0.pem'), 'utf8').replace(/-----[^-]+-----/g, ''));
  assert.equal(dk.readDstuPkcs8(pem).raw, want['Key40A0.cer']);
  const store = K.der.parse(file('ua-certs/STORE_A040.dat'));
  assert.equal(dk.openEncryptedPkcs8(store, 'password').keys[0].raw, want['Key40A0.cer']);
  assert.throws(() => dk.openEncryptedPkcs8(store, 'Password'), { code: 'wrong_password' });
});

test('containers open through openPkcs12 with the certificate given separately; errors in the widget\'s words', { skip }, async () => {
  const cert = file('ua-certs/SELF_SIGNED_ENC_40A0.cer');
  const key = await K.openPkcs12(file('ua-certs/STORE_A040.dat'), 'password', { fileName: 'Key-6.dat', certificates: [cert] });
  assert.equal(key.algorithm, 'DSTU4145');
  assert.equal(key.serialNumber, '5be4f000');
  assert.equal(key.subject.serialNumber, 'UA-99999999');
  assert.deepEqual(Object.keys(key.privateKey).sort(), ['algorithm', 'curve', 'sign'], 'd is not reachable');
  await assert.rejects(K.openPkcs12(file('ua-certs/STORE_A040.dat'), 'wrong', { certificates: [cert] }), (e) => e.code === 'wrong_password' && e.message === 'Невірний пароль або пошкоджений файл ключа');
  await assert.rejects(K.openPkcs12(file('ua-certs/STORE_A040.dat'), 'password'), { code: 'need_certificate' });
  await assert.rejects(K.openPkcs12(file('ua-certs/STORE_A040.dat'), 'password', { certificates: [file('ua-certs/SELF_SIGNED1.cer')] }), { code: 'no_certificate' });
  await assert.rejects(K.openPkcs12(file('ua-certs/CZOROOT.cer'), 'x'), (e) => e instanceof K.KepError);
});

test('Дія test PKCS#12 (GOST MAC, PBES2-GOST bags, two keys): password from UAPKI\'s task file; the signing key is picked', { skip }, async () => {
  const task = fs.readFileSync(path.join(VECTORS, 'uapki/sign-pkcs12-file.json'), 'utf8');
  const password = /"password":\s*"([^"]+)"/.exec(task)[1];
  const certs = ['uapki/certs/diia-test-kep-7775604.cer', 'uapki/certs/diia-test-sign-7775603.cer'].map(file);
  const key = await K.openPkcs12(file('uapki/test-diia.p12'), password, { certificates: certs });
  const signCert = K.parseCertificate(certs[1]);
  assert.equal(key.serialNumber, signCert.serialNumber);
  assert.equal(key.subject.edrpou, '43395033');
  assert.equal(key.privateKey.curve.F.m, 257);
  await assert.rejects(K.openPkcs12(file('uapki/test-diia.p12'), password + 'x', { certificates: certs }), { code: 'wrong_password' });
});

test('message.p7 (jkurwa, real CMS): its DSTU signature verifies with SELF_SIGNED1\'s key; any flipped bit does not', { skip }, () => {
  const dk = K.dstuKeys();
  const cms = K.der.parse(file('ua-certs/message.p7'));
  const sd = cms.children[1].children[0];
  const si = sd.children[sd.children.length - 1].children[0];
  const attrs = si.children[3];
  const signed = Uint8Array.from(attrs.bytes);
  signed[0] = 0x31;
  const sig = si.children[5].value;
  const { curve, pub } = dk.certKey(K.parseCertificate(file('ua-certs/SELF_SIGNED1.cer')));
  const Q = curve.decompress(pub);
  assert.equal(curve.verify(G.hash(signed), sig, Q), true);
  for (const bit of [0, 7, 100, 255, 256, 511]) {
    const bad = Uint8Array.from(sig);
    bad[bit >> 3] ^= 1 << (bit & 7);
    assert.equal(curve.verify(G.hash(signed), bad, Q), false, 'bit ' + bit);
  }
});

test('sign/verify round trip on every standard curve and on the Annex B curve, random keys, k from getRandomValues', { skip }, () => {
  const curves = D.CURVE_OIDS.map(D.namedCurve).concat([annexCurve()]);
  for (const c of curves) {
    for (let i = 0; i < 3; i++) {
      const d = c.randomScalar(D.randomBytes);
      const Q = c.publicKey(d);
      assert.ok(c.onCurve(Q));
      assert.deepEqual(c.decompress(c.compress(Q)), Q);
      const msg = D.randomBytes(40);
      const s1 = c.sign(G.hash(msg), d);
      const s2 = c.sign(G.hash(msg), d);
      assert.equal(s1.length, 2 * c.nbytes);
      assert.notEqual(hex(s1), hex(s2), 'a fresh k each time');
      assert.equal(c.verify(G.hash(msg), s1, Q), true, 'm=' + c.F.m);
      assert.equal(c.verify(G.hash(msg), s2, Q), true);
      assert.equal(c.verify(G.hash(msg), s1, c.publicKey(d === 1n ? 2n : d - 1n)), false, 'another key');
    }
  }
});

test('M257: every single-bit change of the signature (512), the message (128) and the public key (264) is refused', { skip }, () => {
  const c = M257;
  const d = c.randomScalar(D.randomBytes);
  const Q = c.publicKey(d);
  const msg = D.randomBytes(16);
  const h = G.hash(msg);
  const sig = c.sign(h, d);
  assert.equal(c.verify(h, sig, Q), true);
  let refused = 0;
  for (let bit = 0; bit < sig.length * 8; bit++) {
    const bad = Uint8Array.from(sig);
    bad[bit >> 3] ^= 1 << (bit & 7);
    if (!c.verify(h, bad, Q)) refused++;
  }
  for (let bit = 0; bit < msg.length * 8; bit++) {
    const bad = Uint8Array.from(msg);
    bad[bit >> 3] ^= 1 << (bit & 7);
    if (!c.verify(G.hash(bad), sig, Q)) refused++;
  }
  // Every bit of the public key (compressed, 33 bytes): either no point at all, or a point that does not verify.
  const pub = c.compress(Q);
  for (let bit = 0; bit < pub.length * 8; bit++) {
    const bad = Uint8Array.from(pub);
    bad[bit >> 3] ^= 1 << (bit & 7);
    let P = null;
    try {
      P = c.decompress(bad);
    } catch (e) {
      assert.ok(e instanceof D.DstuError);
    }
    if (!P || !c.verify(h, sig, P)) refused++;
  }
  assert.equal(refused, 512 + 128 + 264);
});

test('malformed input: bad signature lengths, r or s out of range, points off the curve → false / typed error', { skip }, () => {
  const c = M257;
  const d = 12345n;
  const Q = c.publicKey(d);
  const h = G.hash(Uint8Array.of(1));
  const sig = c.sign(h, d);
  assert.equal(c.verify(h, sig.subarray(1), Q), false);
  assert.equal(c.verify(h, new Uint8Array(64), Q), false);
  assert.equal(c.verify(h, D.bigToLE(c.n, 32).reduce((a, x, i) => ((a[i] = x), a), Uint8Array.from(sig)), Q), false);
  assert.equal(c.verify(h, sig, { x: Q.x, y: c.F.add(Q.y, c.F.one()) }), false);
  assert.throws(() => c.decompress(new Uint8Array(33).fill(0xff)), D.DstuError);
  assert.throws(() => c.publicKey(0n), D.DstuError);
});

test('CMS from the signer: GOST 34.311 digest, DSTU 4145 signature, the four signed attributes; content changes refused', { skip }, async () => {
  const { verifyDstuCms } = require('./dstu-cms.js');
  const key = await K.openPkcs12(file('ua-certs/STORE_A040.dat'), 'password', { certificates: [file('ua-certs/SELF_SIGNED_ENC_40A0.cer')] });
  const challenge = new TextEncoder().encode('ekrov login\nnonce: 1234\n');
  const cms = await K.signDetached(key, challenge, { signingTime: new Date('2020-05-06T07:08:09Z') });
  assert.deepEqual(verifyDstuCms(cms, challenge), []);
  assert.deepEqual(verifyDstuCms(cms, new TextEncoder().encode('ekrov login\nnonce: 1235\n')), ['messageDigest']);
  const bad = Uint8Array.from(cms);
  bad[bad.length - 1] ^= 0x80;
  assert.deepEqual(verifyDstuCms(bad, challenge), ['signature']);
  assert.match(Buffer.from(cms).toString('latin1'), /200506070809Z/);
  const attached = await K.signDetached(key, challenge, { attached: true });
  assert.deepEqual(verifyDstuCms(attached), []);
  // The real message.p7 passes the same checks (its attributes are not DER-sorted: the received bytes are hashed).
  assert.deepEqual(verifyDstuCms(file('ua-certs/message.p7')), []);
  assert.deepEqual(verifyDstuCms(file('ua-certs/message_detached.p7'), new TextEncoder().encode('123')), []);
});

test('fixtures/dstu: every committed CMS gives the answer manifest.json states', () => {
  const { verifyDstuCms } = require('./dstu-cms.js');
  const dir = path.join(__dirname, 'fixtures/dstu');
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  assert.ok(manifest.length >= 6);
  for (const m of manifest) {
    const content = new Uint8Array(fs.readFileSync(path.join(dir, m.content)));
    const problems = verifyDstuCms(new Uint8Array(fs.readFileSync(path.join(dir, m.file))), m.attached ? undefined : content);
    if (m.expect === 'valid') assert.deepEqual(problems, [], m.file);
    else assert.deepEqual(problems, [m.expect.replace('invalid: ', '')], m.file + ' with ' + m.content);
  }
});

test('a national PKCS#12 and a JKS holding the certificate: the certificate is found inside; wrong passwords refused', { skip }, async () => {
  const C = require('./dstu-containers.js');
  const { verifyDstuCms } = require('./dstu-cms.js');
  const pkcs8 = file('ua-certs/Key40A0.cer');
  const cert = file('ua-certs/SELF_SIGNED_ENC_40A0.cer');
  const challenge = new TextEncoder().encode('ekrov');
  for (const [name, bytes] of [
    ['key.p12', C.pkcs12(pkcs8, cert, 'секрет-1')],
    ['key.jks', C.jks(pkcs8, [cert], 'секрет-1')],
  ]) {
    const key = await K.openPkcs12(bytes, 'секрет-1', { fileName: name });
    assert.equal(key.serialNumber, '5be4f000', name);
    assert.deepEqual(verifyDstuCms(await K.signDetached(key, challenge), challenge), [], name);
    await assert.rejects(K.openPkcs12(bytes, 'секрет-2', { fileName: name }), { code: 'wrong_password' }, name);
    const cut = bytes.slice(0, bytes.length - 30);
    await assert.rejects(K.openPkcs12(cut, 'секрет-1', { fileName: name }), (e) => e instanceof K.KepError, name + ' truncated');
  }
});

test('IIT\'s own Key-6.dat form (test-made; jkurwa reads the same file in kep-dstu-jkurwa.test.js): opens, wrong password refused', { skip }, async () => {
  const C = require('./dstu-containers.js');
  const iit = C.iitStore(file('ua-certs/Key40A0.cer'), 'password');
  const cert = file('ua-certs/SELF_SIGNED_ENC_40A0.cer');
  const key = await K.openPkcs12(iit, 'password', { fileName: 'Key-6.dat', certificates: [cert] });
  assert.equal(key.serialNumber, '5be4f000');
  await assert.rejects(K.openPkcs12(iit, 'passw0rd', { fileName: 'Key-6.dat', certificates: [cert] }), { code: 'wrong_password' });
  assert.equal(K.dstuKeys().openIitStore(K.der.parse(iit), 'password').keys[0].raw, privateScalars()['Key40A0.cer']);
});

test('damaged DSTU containers never throw anything but a typed KepError with a known code', { skip, timeout: 600000 }, async () => {
  const C = require('./dstu-containers.js');
  const pkcs8 = file('ua-certs/Key40A0.cer');
  const cert = file('ua-certs/SELF_SIGNED_ENC_40A0.cer');
  const codes = new Set(Object.keys(K.MESSAGES));
  const samples = [
    ['p12', C.pkcs12(pkcs8, cert, 's', 1), 300],
    ['jks', C.jks(pkcs8, [cert], 's'), 300],
    ['pkcs8', pkcs8, 300],
    ['iit', C.iitStore(pkcs8, 's'), 24],
    ['store', file('ua-certs/STORE_A040.dat'), 24],
  ];
  let seed = 4242;
  const rnd = (n) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
  let typed = 0;
  for (const [name, good, count] of samples) {
    for (let i = 0; i < count; i++) {
      let b = good.slice();
      const kind = i % 3;
      if (kind === 0) b = b.subarray(0, rnd(b.length));
      else if (kind === 1) for (let j = 0; j < 1 + rnd(4); j++) b[rnd(b.length)] ^= 1 << rnd(8);
      else b[rnd(b.length)] = [0x00, 0x80, 0x81, 0x84, 0xff][rnd(5)];
      try {
        await K.openPkcs12(b, 's', { certificates: [cert] });
      } catch (e) {
        assert.ok(e instanceof K.KepError && codes.has(e.code), name + ' case ' + i + ': ' + (e && e.stack));
        typed++;
      }
    }
  }
  assert.ok(typed > 600, 'most damaged files are refused: ' + typed);
});

test('the opened key does not depend on the file\'s bytes: wiping them (as the page does) leaves signing intact', { skip }, async () => {
  const C = require('./dstu-containers.js');
  const { verifyDstuCms } = require('./dstu-cms.js');
  const bytes = C.jks(file('ua-certs/Key40A0.cer'), [file('ua-certs/SELF_SIGNED_ENC_40A0.cer')], 's');
  const key = await K.openPkcs12(bytes, 's');
  bytes.fill(0);
  const challenge = new TextEncoder().encode('wiped');
  assert.deepEqual(verifyDstuCms(await K.signDetached(key, challenge), challenge), []);
});

test('explicit curve parameters in a key file are checked: A, n, the base point\'s order, the DKE', { skip }, () => {
  const dk = K.dstuKeys();
  const { W } = K.der;
  const c = M257;
  const pkcs8 = ({ a = 0, n = c.n, dke = G.DKE_PACKED, bp = c.compress(c.G) } = {}) => {
    const nBytes = Buffer.from(n.toString(16).padStart(66, '0'), 'hex');
    const ecb = W.seq(W.seq(W.int(257), W.int(12)), W.int(a), W.octets(D.bigToLE(c.F.toBig(c.b), 33)), W.int(nBytes), W.octets(bp));
    const alg = W.seq(W.oid('1.2.804.2.1.1.1.1.3.1.1'), W.seq(ecb, W.octets(dke)));
    return W.seq(W.int(0), alg, W.octets(D.bigToLE(12345n, 32)));
  };
  assert.equal(dk.readDstuPkcs8(pkcs8()).d, 12345n, 'the standard M257 written out explicitly is accepted');
  const refused = (opts, what) => assert.throws(() => dk.readDstuPkcs8(pkcs8(opts)), { code: 'unsupported_algorithm' }, what);
  refused({ a: 2 }, 'A = 2');
  refused({ n: c.n - 2n }, 'wrong n');
  refused({ n: 12345n }, 'tiny n');
  refused({ dke: Uint8Array.from(G.DKE_PACKED).reverse() }, 'another DKE');
  refused({ bp: new Uint8Array(33).fill(0xff) }, 'base point off the curve');
});

test('UAPKI\'s verify-dstu.json: its five CAdES signatures (Дія test key, made by UAPKI) give the answers its comments state', { skip }, () => {
  const { verifyDstuCms } = require('./dstu-cms.js');
  const text = fs.readFileSync(path.join(VECTORS, 'uapki/verify-dstu.json'), 'utf8').replace(/^\s*\/\/.*$/gm, '');
  const tasks = JSON.parse(text).tasks.filter((t) => t.method === 'VERIFY');
  assert.equal(tasks.length, 5);
  for (const t of tasks) {
    const sig = t.parameters.signature;
    const content = sig.content ? new Uint8Array(Buffer.from(sig.content, 'base64')) : undefined;
    const problems = verifyDstuCms(new Uint8Array(Buffer.from(sig.bytes, 'base64')), content);
    assert.deepEqual(problems, /invalid content/.test(t.comment) ? ['messageDigest'] : [], t.comment);
  }
});

test('Cyrillic passwords: UTF-8, or Windows-1251 as IIT\'s software applies them; a PrivatBank JKS with its 6-byte prefix', { skip }, async () => {
  const C = require('./dstu-containers.js');
  const pkcs8 = file('ua-certs/Key40A0.cer');
  const certificates = [file('ua-certs/SELF_SIGNED_ENC_40A0.cer')];
  const cp1251 = Uint8Array.of(0xef, 0xe0, 0xf0, 0xee, 0xeb, 0xfc, 0xb2, 0xbf); // «парольІї»
  for (const sealed of [C.encryptedPkcs8(pkcs8, 'парольІї'), C.encryptedPkcs8(pkcs8, cp1251), C.iitStore(pkcs8, cp1251)]) {
    const key = await K.openPkcs12(sealed, 'парольІї', { fileName: 'Key-6.dat', certificates });
    assert.equal(key.serialNumber, '5be4f000');
    await assert.rejects(K.openPkcs12(sealed, 'парольІЇ', { fileName: 'Key-6.dat', certificates }), { code: 'wrong_password' });
  }
  const jks = C.jks(pkcs8, certificates, 's');
  const prefixed = new Uint8Array(jks.length + 6);
  prefixed.set([0x51, 1, 2, 3, 4, 5]);
  prefixed.set(jks, 6);
  assert.equal((await K.openPkcs12(prefixed, 's', { fileName: 'privat.jks' })).serialNumber, '5be4f000');
});

test('IIT\'s second key (in the PKCS#8 attributes) is read; the certificate picks which key signs', { skip }, async () => {
  const C = require('./dstu-containers.js');
  const { verifyDstuCms } = require('./dstu-cms.js');
  const want = privateScalars();
  const two = C.withSecondKey(file('ua-certs/Key40A0.cer'), want['Key6929.cer']);
  assert.deepEqual(K.dstuKeys().readDstuKeys(two).map((k) => k.raw), [want['Key40A0.cer'], want['Key6929.cer']]);
  const sealed = C.encryptedPkcs8(two, 'p');
  for (const [cert, serial] of [['SELF_SIGNED_ENC_40A0.cer', '5be4f000'], ['SELF_SIGNED_ENC_6929.cer', '5be47000']]) {
    const key = await K.openPkcs12(sealed, 'p', { fileName: 'Key-6.dat', certificates: [file('ua-certs/' + cert)] });
    assert.equal(key.serialNumber, serial);
    const challenge = new TextEncoder().encode(cert);
    assert.deepEqual(verifyDstuCms(await K.signDetached(key, challenge), challenge), [], cert);
  }
});

test('PEM key files (STORE_A040.pem, Key40A0.pem) and a PEM certificate open like their DER twins', { skip }, async () => {
  const pemCert = '-----BEGIN CERTIFICATE-----\n' + Buffer.from(file('ua-certs/SELF_SIGNED_ENC_40A0.cer')).toString('base64') + '\n-----END CERTIFICATE-----\n';
  const certificates = [new TextEncoder().encode(pemCert)];
  for (const [name, pw] of [['STORE_A040.pem', 'password'], ['Key40A0.pem', 'x']]) {
    const key = await K.openPkcs12(file('ua-certs/' + name), pw, { fileName: name, certificates });
    assert.equal(key.serialNumber, '5be4f000', name);
  }
  await assert.rejects(K.openPkcs12(file('ua-certs/STORE_A040.pem'), 'wrong', { certificates }), { code: 'wrong_password' });
});
