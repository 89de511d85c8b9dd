/*
 * ekrov — Ukrainian key containers and DSTU 4145 CMS signing for the in-browser КЕП signer.
 *
 * Opens, with kep-gost.js and kep-dstu4145.js:
 *   - PKCS#8 PrivateKeyInfo with a DSTU 4145 key (d little-endian) and EncryptedPrivateKeyInfo protected with
 *     PBES2 / PBKDF2-HMAC-GOST 34.311 / GOST 28147 CFB (IIT Key-6.dat in its PKCS#8 form);
 *   - PKCS#12 whose MAC is HMAC-GOST 34.311 and whose bags use that PBES2;
 *   - Sun JKS (PrivatBank): the key protector (SHA-1 keystream) and the store's integrity digest.
 * The private scalar stays in a closure of the returned key object: nothing exports it.
 *
 * Classic script: attaches globalThis.EkrovDstuKeys = {install(kep)}; kep-signer.js calls install with its DER
 * helpers and errors. In Node `require()` returns the same object.
 */
(function (root) {
  'use strict';

  const isNode = typeof module === 'object' && module && module.exports;
  const G = root.EkrovGost || (isNode ? require('./kep-gost.js') : null);
  const D = root.EkrovDstu || (isNode ? require('./kep-dstu4145.js') : null);

  const OID = {
    dstuLE: '1.2.804.2.1.1.1.1.3.1.1',
    gost34311: '1.2.804.2.1.1.1.1.2.1',
    hmacGost: '1.2.804.2.1.1.1.1.1.2',
    gostCfb: '1.2.804.2.1.1.1.1.1.1.3',
    pbes2: '1.2.840.113549.1.5.13',
    pbkdf2: '1.2.840.113549.1.5.12',
    jksKeyProtector: '1.3.6.1.4.1.42.2.17.1.1',
    iitKeyBits: '1.3.6.1.4.1.19398.1.1.2.3',
    iitKeyCurve: '1.3.6.1.4.1.19398.1.1.2.2',
    keyUsage: '2.5.29.15',
  };
  // The DSTU OID arc 1.2.804.2.1.1.1.1 as DER content bytes, to route a file to this module.
  const DSTU_ARC = Uint8Array.of(0x2a, 0x86, 0x24, 0x02, 0x01, 0x01, 0x01, 0x01);

  function install(kep) {
    const { parse, readOid, readInt, stringBytes, W, T, tlv, DerError } = kep.der;
    const { fail, concat, bytesEqual, parseCertificate } = kep;

    function child(node, i, tag) {
      const c = node && node.children && node.children[i];
      if (!c || (tag !== undefined && c.tag !== tag)) throw new DerError('missing element');
      return c;
    }
    // A DER INTEGER (big-endian, non-negative here) as a BigInt.
    const bigOfInt = (node) => {
      let v = 0n;
      for (const b of node.value) v = (v << 8n) | BigInt(b);
      return v;
    };

    // DSTU4145Params ::= SEQUENCE { CHOICE { ECBinary, namedCurve OID }, dke OCTET STRING OPTIONAL }
    function curveOf(params) {
      const c = child(params, 0);
      const dke =
        params.children[1] && params.children[1].tag === T.OCTET_STRING ? stringBytes(params.children[1]) : null;
      if (c.tag === T.OID) {
        const curve = D.namedCurve(readOid(c));
        if (!curve) fail('unsupported_algorithm', 'curve ' + readOid(c));
        if (dke && !bytesEqual(dke, G.DKE_PACKED)) fail('unsupported_algorithm', 'DKE other than DKE_1');
        return { curve, dke };
      }
      let i = 0;
      if (c.children[0] && c.children[0].tag === 0xa0) i = 1; // version [0] EXPLICIT, default 0
      const f = child(c, i, T.SEQUENCE);
      const m = readInt(child(f, 0, T.INTEGER));
      const poly = child(f, 1);
      const ks = poly.tag === T.INTEGER ? [readInt(poly)] : poly.children.map((k) => readInt(k)).sort((a, b) => b - a);
      if (m < 160 || m > 571 || ks.some((k) => !(k > 0 && k < m - 32))) fail('unsupported_algorithm', 'field');
      const a = readInt(child(c, i + 1, T.INTEGER));
      const b = D.bigFromLE(stringBytes(child(c, i + 2, T.OCTET_STRING)));
      const n = bigOfInt(child(c, i + 3, T.INTEGER));
      const bp = stringBytes(child(c, i + 4, T.OCTET_STRING));
      // Parameters from a file are checked before use: n near 2^m (Hasse), A in {0, 1}, the default DKE (the hash a
      // signature uses follows it, and no provider uses another).
      if ((a !== 0 && a !== 1) || D.bitLength(n) < m / 2 || D.bitLength(n) > m + 1)
        fail('unsupported_algorithm', 'curve');
      if (dke && !bytesEqual(dke, G.DKE_PACKED)) fail('unsupported_algorithm', 'DKE other than DKE_1');
      const id = Array.prototype.join.call(c.bytes, ',');
      let curve = explicitCurves.get(id);
      if (!curve) {
        try {
          curve = new D.Curve({ exps: [m, ...ks], a, b, n, bp });
        } catch (e) {
          fail('unsupported_algorithm', 'curve parameters: ' + e.message);
        }
        // The ladder relies on n·G = O.
        if (curve.ladder(n, curve.G) !== null) fail('unsupported_algorithm', 'base point order');
        explicitCurves.set(id, curve);
      }
      return { curve, dke };
    }
    const explicitCurves = new Map();

    // PrivateKeyInfo with DSTU 4145 keys -> [{curve, d, raw}, …]: the key (d little-endian, zero-padded) and, in IIT's
    // files, a second key in the attributes: [0] { {1.3.6.1.4.1.19398.1.1.2.3, {BIT STRING d}},
    // {…2.2, {DSTU4145Params}} }, where the BIT STRING's first bit is d's least significant bit (as jkurwa reads it).
    function readDstuKeys(bytes) {
      const n = parse(bytes);
      const keys = [readDstuPkcs8Node(n)];
      const attrs = n.children[3];
      if (attrs && attrs.tag === 0xa0) {
        const byOid = {};
        for (const a of attrs.children) {
          if (a.tag === T.SEQUENCE && a.children.length === 2 && a.children[0].tag === T.OID) {
            byOid[readOid(a.children[0])] = child(a, 1, T.SET).children[0];
          }
        }
        const bits = byOid[OID.iitKeyBits];
        const params = byOid[OID.iitKeyCurve];
        if (bits && params && bits.tag === T.BIT_STRING && bits.value.length > 1) {
          const { curve } = curveOf(expectSeq(params));
          keys.push(scalar(curve, reversedBits(bits.value.subarray(1))));
        }
      }
      return keys;
    }

    const expectSeq = (node) => {
      if (node.tag !== T.SEQUENCE) throw new DerError('expected SEQUENCE');
      return node;
    };

    // The integer whose bit i is the i-th bit of the string (the first byte's high bit first).
    function reversedBits(b) {
      let v = 0n;
      for (let i = b.length - 1; i >= 0; i--) {
        let r = 0;
        for (let j = 0; j < 8; j++) if (b[i] & (0x80 >> j)) r |= 1 << j;
        v = (v << 8n) | BigInt(r);
      }
      return v;
    }

    // jkurwa-made keys may hold d ≥ n (KeyE54B.cer); d and d mod n sign alike, so keep d mod n and refuse only 0.
    function scalar(curve, raw) {
      const d = raw % curve.n;
      if (d === 0n || D.bitLength(raw) > curve.F.m + 8) fail('wrong_password', 'private key out of range');
      return { curve, d, raw };
    }

    function readDstuPkcs8(bytes) {
      return readDstuPkcs8Node(parse(bytes));
    }

    function readDstuPkcs8Node(n) {
      const alg = child(n, 1, T.SEQUENCE);
      const oid = readOid(child(alg, 0));
      if (oid !== OID.dstuLE) fail('unsupported_algorithm', oid);
      const { curve } = curveOf(child(alg, 1, T.SEQUENCE));
      return scalar(curve, D.bigFromLE(stringBytes(child(n, 2, T.OCTET_STRING))));
    }

    // PBES2 { PBKDF2 (HMAC-GOST 34.311), GOST 28147 CFB { iv, dke } } -> plaintext.
    // password: bytes (UTF-8 unless said otherwise).
    function pbes2GostDecrypt(algId, data, password) {
      if (readOid(child(algId, 0)) !== OID.pbes2) fail('unsupported_pkcs12', 'not PBES2');
      const p = child(algId, 1, T.SEQUENCE);
      const kdf = child(p, 0, T.SEQUENCE);
      const enc = child(p, 1, T.SEQUENCE);
      if (readOid(child(kdf, 0)) !== OID.pbkdf2) fail('unsupported_pkcs12', 'kdf');
      const kp = child(kdf, 1, T.SEQUENCE);
      const salt = stringBytes(child(kp, 0, T.OCTET_STRING));
      const iterations = readInt(child(kp, 1, T.INTEGER));
      if (iterations < 1 || iterations > 1000000) fail('unsupported_pkcs12', 'iterations');
      for (const c of kp.children.slice(2)) {
        if (c.tag === T.INTEGER && readInt(c) !== 32) fail('unsupported_pkcs12', 'key length');
        if (c.tag === T.SEQUENCE && readOid(child(c, 0)) !== OID.hmacGost) fail('unsupported_pkcs12', 'prf');
      }
      if (readOid(child(enc, 0)) !== OID.gostCfb) fail('unsupported_pkcs12', 'cipher ' + readOid(child(enc, 0)));
      const ep = child(enc, 1, T.SEQUENCE);
      const iv = stringBytes(child(ep, 0, T.OCTET_STRING));
      const dke = ep.children[1] ? stringBytes(child(ep, 1, T.OCTET_STRING)) : undefined;
      if (iv.length !== 8 || (dke && dke.length !== 64)) fail('unsupported_pkcs12', 'cipher parameters');
      const key = G.pbkdf2(password, salt, iterations);
      return new G.Gost28147(key, dke).cfb(data, iv, true);
    }

    // Decrypted bytes must be a DSTU PrivateKeyInfo; anything else means the password was wrong.
    function keyFromPlain(plain) {
      try {
        return readDstuKeys(plain);
      } catch (e) {
        if (e instanceof DerError) fail('wrong_password');
        throw e;
      }
    }

    function isDstuPkcs8(bytes) {
      try {
        return readOid(child(child(parse(bytes), 1, T.SEQUENCE), 0)) === OID.dstuLE;
      } catch (_) {
        return false;
      }
    }

    // Key-6.dat as PKCS#8 PBES2. A Cyrillic password may have been applied in Windows-1251 by IIT's software: that
    // is tried when UTF-8 fails.
    function openEncryptedPkcs8(root, password) {
      const alg = child(root, 0, T.SEQUENCE);
      const data = stringBytes(child(root, 1, T.OCTET_STRING));
      const cp = cp1251(password);
      try {
        return { keys: keyFromPlain(pbes2GostDecrypt(alg, data, kep.utf8.encode(password))), certs: [] };
      } catch (e) {
        if (!cp || e.code !== 'wrong_password') throw e;
      }
      return { keys: keyFromPlain(pbes2GostDecrypt(alg, data, cp)), certs: [] };
    }

    // IIT's own Key-6.dat: SEQUENCE { SEQUENCE { OID 1.3.6.1.4.1.19398.1.1.1.2, SEQUENCE { mac (4), pad (< 8) } },
    // data }. Key = GOST 34.311 of the password, hashed again 9 999 times; data ‖ pad is GOST 28147 ECB (DKE_1) and
    // the first data.length bytes are a PKCS#8 key. Which bytes the 4-byte MAC covers is not confirmed by any sample
    // here, so a wrong password shows as a plaintext that is not a DSTU key (as in jkurwa/gost89, which read it the
    // same way).
    function openIitStore(root, password) {
      const params = child(child(root, 0, T.SEQUENCE), 1, T.SEQUENCE);
      const pad = params.children[1] ? stringBytes(child(params, 1, T.OCTET_STRING)) : new Uint8Array(0);
      const body = stringBytes(child(root, 1, T.OCTET_STRING));
      if (pad.length >= 8 || (body.length + pad.length) % 8 || !body.length) fail('not_a_key_file', 'IIT store');
      const sealed = concat([body, pad]);
      const tried = [kep.utf8.encode(password)];
      const cp = cp1251(password);
      if (cp) tried.push(cp);
      for (const pw of tried) {
        let key = G.hash(pw);
        for (let i = 1; i < 10000; i++) key = G.hash(key);
        const plain = new G.Gost28147(key).ecb(sealed, true).subarray(0, body.length);
        try {
          return { keys: readDstuKeys(plain), certs: [] };
        } catch (e) {
          if (!(e instanceof DerError) && e.code !== 'wrong_password') throw e;
        }
      }
      fail('wrong_password');
    }

    // Windows-1251 bytes of a Ukrainian/Russian password (IIT software on Windows), or null if it is plain ASCII.
    function cp1251(s) {
      if (!/[^\x00-\x7f]/.test(s)) return null;
      const extra = { Ё: 0xa8, ё: 0xb8, Є: 0xaa, є: 0xba, І: 0xb2, і: 0xb3, Ї: 0xaf, ї: 0xbf, Ґ: 0xa5, ґ: 0xb4 };
      const out = new Uint8Array(s.length);
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (c < 0x80) out[i] = c;
        else if (c >= 0x410 && c <= 0x44f) out[i] = c - 0x410 + 0xc0;
        else if (extra[s[i]]) out[i] = extra[s[i]];
        else return null;
      }
      return out;
    }

    // PKCS#12 with GOST MAC and bags.
    function openPfx(root, password) {
      const authSafe = child(root, 1, T.SEQUENCE);
      if (readOid(child(authSafe, 0)) !== kep.OID.data) fail('unsupported_pkcs12', 'authSafe');
      const content = stringBytes(child(child(authSafe, 1, 0xa0), 0, T.OCTET_STRING));
      const mac = root.children[2];
      if (mac) {
        const di = child(mac, 0, T.SEQUENCE);
        if (readOid(child(child(di, 0, T.SEQUENCE), 0)) !== OID.gost34311) fail('unsupported_pkcs12', 'mac');
        const salt = stringBytes(child(mac, 1, T.OCTET_STRING));
        const iterations = mac.children[2] ? readInt(mac.children[2]) : 1;
        if (iterations < 1 || iterations > 1000000) fail('unsupported_pkcs12', 'mac iterations');
        const k = G.pkcs12Kdf(kep.bmpPassword(password), salt, 3, iterations, 32);
        if (!bytesEqual(G.hmac(k, content), stringBytes(child(di, 1, T.OCTET_STRING)))) fail('wrong_password');
      }
      const out = { keys: [], certs: [] };
      for (const ci of parse(content).children) {
        const t = readOid(child(ci, 0));
        const body = child(child(ci, 1, 0xa0), 0);
        if (t === kep.OID.data) bags(parse(stringBytes(body)), password, out);
        else if (t === kep.OID.encryptedData) {
          const eci = child(body, 1, T.SEQUENCE);
          const plain = pbes2GostDecrypt(
            child(eci, 1, T.SEQUENCE),
            stringBytes(child(eci, 2)),
            kep.utf8.encode(password),
          );
          let safe;
          try {
            safe = parse(plain);
          } catch (_) {
            fail('wrong_password');
          }
          bags(safe, password, out);
        }
      }
      return out;
    }

    function bags(safeContents, password, out) {
      for (const bag of safeContents.children || []) {
        const id = readOid(child(bag, 0));
        const value = child(child(bag, 1, 0xa0), 0);
        if (id === kep.OID.shroudedKeyBag) {
          const plain = pbes2GostDecrypt(
            child(value, 0, T.SEQUENCE),
            stringBytes(child(value, 1)),
            kep.utf8.encode(password),
          );
          out.keys.push(...keyFromPlain(plain));
        } else if (id === kep.OID.keyBag) out.keys.push(...readDstuKeys(value.bytes));
        else if (id === kep.OID.certBag && readOid(child(value, 0)) === kep.OID.x509Certificate) {
          out.certs.push(stringBytes(child(child(value, 1, 0xa0), 0, T.OCTET_STRING)));
        }
      }
    }

    // ----------------------------------------------------------------------------------------------------------
    // JKS (Sun "JavaKeyStore", version 2), as PrivatBank issues keys.
    // ----------------------------------------------------------------------------------------------------------

    async function sha1(...parts) {
      return new Uint8Array(await kep.subtle().digest('SHA-1', concat(parts)));
    }

    function utf16be(s) {
      const o = new Uint8Array(2 * s.length);
      for (let i = 0; i < s.length; i++) {
        o[2 * i] = s.charCodeAt(i) >> 8;
        o[2 * i + 1] = s.charCodeAt(i) & 255;
      }
      return o;
    }

    function jksReader(bytes) {
      let p = 0;
      const need = (n) => {
        if (p + n > bytes.length) fail('not_a_key_file', 'JKS truncated');
      };
      const u16 = () => (need(2), (p += 2), (bytes[p - 2] << 8) | bytes[p - 1]);
      const u32 = () => (
        need(4),
        (p += 4),
        ((bytes[p - 4] << 24) | (bytes[p - 3] << 16) | (bytes[p - 2] << 8) | bytes[p - 1]) >>> 0
      );
      const take = (n) => (need(n), (p += n), bytes.subarray(p - n, p));
      return { u16, u32, take, pos: () => p };
    }

    async function openJks(bytes, password) {
      const r = jksReader(bytes);
      if (r.u32() !== 0xfeedfeed) fail('unsupported_jks', 'JCEKS or unknown magic');
      if (r.u32() !== 2) fail('unsupported_jks', 'version');
      const count = r.u32();
      if (count > 1000) fail('not_a_key_file', 'JKS entries');
      const entries = [];
      const cert = () => {
        r.take(r.u16()); // certificate type, "X.509"
        return r.take(r.u32());
      };
      for (let i = 0; i < count; i++) {
        const tag = r.u32();
        r.take(r.u16()); // alias
        r.take(8); // date
        if (tag === 1) {
          const protectedKey = r.take(r.u32());
          const chain = [];
          for (let n = r.u32(), j = 0; j < n; j++) chain.push(cert());
          entries.push({ protectedKey, chain });
        } else if (tag === 2) entries.push({ chain: [cert()] });
        else fail('not_a_key_file', 'JKS entry');
      }
      const body = bytes.subarray(0, r.pos());
      const digest = r.take(20);
      const pw = utf16be(password);
      if (!bytesEqual(await sha1(pw, kep.utf8.encode('Mighty Aphrodite'), body), digest)) fail('wrong_password');
      const out = { keys: [], certs: [] };
      for (const e of entries) {
        out.certs.push(...e.chain);
        if (!e.protectedKey) continue;
        const plain = await jksUnprotect(e.protectedKey, pw);
        // A JKS may also hold an RSA/ECDSA key (UAPKI's sample does): the caller opens those with WebCrypto.
        if (isDstuPkcs8(plain)) out.keys.push(...keyFromPlain(plain));
        else out.foreign = (out.foreign || []).concat([plain]);
      }
      return out;
    }

    // Sun key protector: keystream blocks SHA-1(password ‖ previous), the salt first; then SHA-1(password ‖ key).
    async function jksUnprotect(epki, pw) {
      const n = parse(epki);
      if (readOid(child(child(n, 0, T.SEQUENCE), 0)) !== OID.jksKeyProtector) fail('unsupported_jks', 'key protector');
      const blob = stringBytes(child(n, 1, T.OCTET_STRING));
      if (blob.length < 41) fail('not_a_key_file', 'JKS key');
      const enc = blob.subarray(20, blob.length - 20);
      const plain = new Uint8Array(enc.length);
      let prev = blob.subarray(0, 20);
      for (let i = 0; i < enc.length; i += 20) {
        prev = await sha1(pw, prev);
        for (let j = 0; j < 20 && i + j < enc.length; j++) plain[i + j] = enc[i + j] ^ prev[j];
      }
      if (!bytesEqual(await sha1(pw, plain), blob.subarray(blob.length - 20))) fail('wrong_password');
      return plain;
    }

    // ----------------------------------------------------------------------------------------------------------
    // The opened key and its certificate
    // ----------------------------------------------------------------------------------------------------------

    // {curve, pub (compressed bytes)} of a DSTU 4145 certificate, or null for any other algorithm.
    function certKey(info) {
      const spki = parse(info.spki);
      const alg = child(spki, 0, T.SEQUENCE);
      if (readOid(child(alg, 0)) !== OID.dstuLE) return null;
      const { curve } = curveOf(child(alg, 1, T.SEQUENCE));
      const bits = child(spki, 1, T.BIT_STRING).value.subarray(1);
      return { curve, pub: stringBytes(parse(bits)) };
    }

    function sameCurve(a, b) {
      return (
        a === b ||
        (a.exps.join() === b.exps.join() &&
          a.a === b.a &&
          a.n === b.n &&
          a.F.eq(a.b, b.b) &&
          a.F.eq(a.G.x, b.G.x) &&
          a.F.eq(a.G.y, b.G.y))
      );
    }

    // The private scalar is only reachable through sign(); it is not a property of anything returned.
    function makeSigner(curve, d) {
      return Object.freeze({ algorithm: 'DSTU4145', curve, sign: (hash) => curve.sign(hash, d) });
    }

    // Pairs a key with its certificate (from the container or given separately) -> the signer's KepKey.
    function buildKey(opened, options) {
      if (!opened.keys.length) fail('no_private_key');
      const certs = [];
      for (const der of opened.certs.concat((options && options.certificates) || [])) {
        try {
          // A copy: the page wipes the key file's bytes once the key is open, and certificates may point into them.
          certs.push(parseCertificate(Uint8Array.from(kep.unarmour(der))));
        } catch (_) {
          /* not a certificate: skipped */
        }
      }
      // End-entity signing certificates first (a container may also hold a key-agreement pair).
      const rank = (c) => (c.isCA ? 0 : 2) + (c.keyUsage === null || c.keyUsage & 0xc0 ? 1 : 0);
      certs.sort((x, y) => rank(y) - rank(x));
      const pubs = opened.keys.map((k) => k.curve.compress(k.curve.publicKey(k.d)));
      for (const c of certs) {
        let ck;
        try {
          ck = certKey(c);
        } catch (_) {
          ck = null;
        }
        if (!ck) continue;
        const i = opened.keys.findIndex((k, j) => sameCurve(k.curve, ck.curve) && bytesEqual(pubs[j], ck.pub));
        if (i < 0) continue;
        return {
          certificate: c.der,
          chain: certs.filter((x) => x !== c && x.isCA).map((x) => x.der), // CA certificates only
          privateKey: makeSigner(opened.keys[i].curve, opened.keys[i].d),
          algorithm: 'DSTU4145',
          subject: c.subject,
          issuer: c.issuer,
          notBefore: c.notBefore,
          notAfter: c.notAfter,
          serialNumber: c.serialNumber,
          friendlyName: null,
          _cert: c,
        };
      }
      fail(certs.length ? 'no_certificate' : 'need_certificate');
    }

    // CMS SignedData with DSTU 4145 + GOST 34.311 and the signed attributes Ukrainian verifiers read (CAdES-BES):
    // contentType, signingTime, messageDigest, signingCertificateV2 (certHash by GOST 34.311).
    function signCms(key, content, options) {
      const cert = key._cert || parseCertificate(key.certificate);
      const gost = W.seq(W.oid(OID.gost34311));
      const attr = (oid, v) => W.seq(W.oid(oid), W.set(v));
      const issuerSerial = W.seq(W.seq(W.explicit(4, cert.issuerDer)), cert.serialDer);
      const attrs = W.set(
        attr(kep.OID.contentType, W.oid(kep.OID.data)),
        attr(kep.OID.signingTime, W.time(options.signingTime || new Date())),
        attr(kep.OID.messageDigest, W.octets(G.hash(content))),
        attr(kep.OID.signingCertificateV2, W.seq(W.seq(W.seq(gost, W.octets(G.hash(cert.der)), issuerSerial)))),
      );
      const signature = key.privateKey.sign(G.hash(attrs));
      const signerInfo = W.seq(
        W.int(1),
        W.seq(cert.issuerDer, cert.serialDer),
        gost,
        tlv(0xa0, parse(attrs).value),
        W.seq(W.oid(OID.dstuLE)),
        W.octets(signature),
      );
      const encap = options.attached
        ? W.seq(W.oid(kep.OID.data), W.explicit(0, W.octets(content)))
        : W.seq(W.oid(kep.OID.data));
      const certificates = tlv(0xa0, concat([key.certificate, ...(key.chain || [])]));
      const signedData = W.seq(W.int(1), W.set(gost), encap, certificates, W.set(signerInfo));
      return W.seq(W.oid(kep.OID.signedData), W.explicit(0, signedData));
    }

    return {
      curveOf,
      readDstuPkcs8,
      readDstuKeys,
      pbes2GostDecrypt,
      openEncryptedPkcs8,
      openIitStore,
      openPfx,
      openJks,
      buildKey,
      signCms,
      certKey,
    };
  }
  const api = { install, DSTU_ARC };
  root.EkrovDstuKeys = api;
  if (isNode) module.exports = api;
})(typeof globalThis !== 'undefined' ? globalThis : typeof window !== 'undefined' ? window : this);
