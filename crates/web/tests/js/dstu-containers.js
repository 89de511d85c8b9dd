'use strict';
// Test-only writers of DSTU key containers (the product only reads them): a national PKCS#12 (GOST MAC,
// PBES2-GOST shrouded key bag, the certificate inside) and a Sun JKS (PrivatBank form) around a DSTU PKCS#8 key.
const crypto = require('crypto');
const G = require('../../assets/kep-gost.js');
const K = require('../../assets/kep-signer.js');

const { W, tlv } = K.der;
const DKE = G.DKE_PACKED;

function pbes2Gost(plain, password, iterations) {
  const salt = crypto.randomBytes(32);
  const iv = crypto.randomBytes(8);
  const key = G.pbkdf2(typeof password === 'string' ? new TextEncoder().encode(password) : password, salt, iterations);
  const alg = W.seq(
    W.oid('1.2.840.113549.1.5.13'),
    W.seq(
      W.seq(
        W.oid('1.2.840.113549.1.5.12'),
        W.seq(W.octets(salt), W.int(iterations), W.seq(W.oid('1.2.804.2.1.1.1.1.1.2'), W.nul())),
      ),
      W.seq(W.oid('1.2.804.2.1.1.1.1.1.1.3'), W.seq(W.octets(iv), W.octets(DKE))),
    ),
  );
  return { alg, data: new G.Gost28147(key, DKE).cfb(plain, iv) };
}

function pkcs12(pkcs8, certDer, password, iterations = 1000) {
  const data = (content) => W.seq(W.oid('1.2.840.113549.1.7.1'), W.explicit(0, W.octets(content)));
  const bag = (oid, value) => W.seq(W.oid(oid), W.explicit(0, value));
  const { alg, data: enc } = pbes2Gost(pkcs8, password, iterations);
  const keyBag = bag('1.2.840.113549.1.12.10.1.2', W.seq(alg, W.octets(enc)));
  const certBag = bag(
    '1.2.840.113549.1.12.10.1.3',
    W.seq(W.oid('1.2.840.113549.1.9.22.1'), W.explicit(0, W.octets(certDer))),
  );
  // The certificate goes in an encryptedData with the same PBES2, as UAPKI writes it.
  const sealed = pbes2Gost(W.seq(certBag), password, iterations);
  const encData = W.seq(
    W.oid('1.2.840.113549.1.7.6'),
    W.explicit(0, W.seq(W.int(0), W.seq(W.oid('1.2.840.113549.1.7.1'), sealed.alg, tlv(0x80, sealed.data)))),
  );
  const authSafe = W.seq(data(W.seq(keyBag)), encData);
  const salt = crypto.randomBytes(32);
  const macKey = G.pkcs12Kdf(K.bmpPassword(password), salt, 3, iterations, 32);
  const mac = W.seq(
    W.seq(W.seq(W.oid('1.2.804.2.1.1.1.1.2.1'), W.nul()), W.octets(G.hmac(macKey, authSafe))),
    W.octets(salt),
    W.int(iterations),
  );
  return W.seq(W.int(3), data(authSafe), mac);
}

const sha1 = (...parts) =>
  crypto
    .createHash('sha1')
    .update(Buffer.concat(parts.map((p) => Buffer.from(p))))
    .digest();
const u16 = (n) => Buffer.from([n >> 8, n & 255]);
const u32 = (n) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

function jks(pkcs8, certDers, password, alias = 'key') {
  const pw = Buffer.from(password, 'utf16le').swap16();
  const salt = crypto.randomBytes(20);
  const enc = Buffer.alloc(pkcs8.length);
  let prev = salt;
  for (let i = 0; i < pkcs8.length; i += 20) {
    prev = sha1(pw, prev);
    for (let j = 0; j < 20 && i + j < pkcs8.length; j++) enc[i + j] = pkcs8[i + j] ^ prev[j];
  }
  const epki = W.seq(
    W.seq(W.oid('1.3.6.1.4.1.42.2.17.1.1'), W.nul()),
    W.octets(Buffer.concat([salt, enc, sha1(pw, pkcs8)])),
  );
  const parts = [
    u32(0xfeedfeed),
    u32(2),
    u32(1),
    u32(1),
    u16(alias.length),
    Buffer.from(alias),
    Buffer.alloc(8),
    u32(epki.length),
    Buffer.from(epki),
    u32(certDers.length),
  ];
  for (const c of certDers) parts.push(u16(5), Buffer.from('X.509'), u32(c.length), Buffer.from(c));
  const body = Buffer.concat(parts);
  return new Uint8Array(Buffer.concat([body, sha1(pw, Buffer.from('Mighty Aphrodite'), body)]));
}

module.exports = { pkcs12, jks, pbes2Gost };

// IIT's own Key-6.dat form around a PKCS#8 key: GOST 34.311 of the password hashed 10 000 times in all, GOST 28147
// ECB over the key padded with zeros; the bytes past the key's length go in `pad`; the MAC field holds the first 4
// bytes of the GOST 28147 MAC of the key (a reader here does not rely on it).
function iitStore(pkcs8, password) {
  let key = G.hash(typeof password === 'string' ? new TextEncoder().encode(password) : password);
  for (let i = 1; i < 10000; i++) key = G.hash(key);
  const padded = new Uint8Array(Math.ceil(pkcs8.length / 8) * 8);
  padded.set(pkcs8);
  const c = new G.Gost28147(key);
  const sealed = c.ecb(padded);
  const params = W.seq(W.octets(c.mac(pkcs8)), W.octets(sealed.subarray(pkcs8.length)));
  return W.seq(W.seq(W.oid('1.3.6.1.4.1.19398.1.1.1.2'), params), W.octets(sealed.subarray(0, pkcs8.length)));
}
module.exports.iitStore = iitStore;

// A self-signed DSTU 4145 certificate for a fresh key (test-only; the dev PKI is the Rust side's): M257 by OID with
// the DKE, the compressed public key, keyUsage digitalSignature + nonRepudiation, the РНОКПП in
// subjectDirectoryAttributes. Returns {pkcs8, cert}.
function freshKeyAndCert({ cn, rnokpp, notBefore, notAfter }) {
  const D = require('../../assets/kep-dstu4145.js');
  const curve = D.namedCurve('1.2.804.2.1.1.1.1.3.1.1.2.6');
  const d = curve.randomScalar(D.randomBytes);
  const pub = curve.compress(curve.publicKey(d));
  const params = W.seq(W.oid('1.2.804.2.1.1.1.1.3.1.1.2.6'), W.octets(DKE));
  const algKey = W.seq(W.oid('1.2.804.2.1.1.1.1.3.1.1'), params);
  const pkcs8 = W.seq(W.int(0), algKey, W.octets(D.bigToLE(d, 32)));
  const name = W.seq(
    W.set(W.seq(W.oid('2.5.4.3'), W.utf8(cn))),
    W.set(W.seq(W.oid('2.5.4.5'), W.printable('TINUA-' + rnokpp))),
    W.set(W.seq(W.oid('2.5.4.6'), W.printable('UA'))),
  );
  const ext = (oid, critical, value) => W.seq(W.oid(oid), critical ? Uint8Array.of(1, 1, 0xff) : null, W.octets(value));
  const tbs = W.seq(
    W.explicit(0, W.int(2)),
    W.int(Uint8Array.from(crypto.randomBytes(16)).map((b, i) => (i === 0 ? b & 0x7f : b))),
    W.seq(W.oid('1.2.804.2.1.1.1.1.3.1.1')),
    name,
    W.seq(W.time(notBefore), W.time(notAfter)),
    name,
    W.seq(algKey, W.bits(W.octets(pub))),
    W.explicit(
      3,
      W.seq(
        ext('2.5.29.15', true, W.bits(Uint8Array.of(0xc0), 6)),
        ext('2.5.29.9', false, W.seq(W.seq(W.oid('1.2.804.2.1.1.1.11.1.4.1.1'), W.set(W.printable(rnokpp))))),
      ),
    ),
  );
  const sig = curve.sign(G.hash(tbs), d);
  const cert = W.seq(tbs, W.seq(W.oid('1.2.804.2.1.1.1.1.3.1.1')), W.bits(W.octets(sig)));
  return { pkcs8, cert };
}
module.exports.freshKeyAndCert = freshKeyAndCert;

// Key-6.dat as PKCS#8 EncryptedPrivateKeyInfo (PBES2-GOST); password: a string (UTF-8) or the bytes to use.
function encryptedPkcs8(pkcs8, password, iterations = 1000) {
  const { alg, data } = pbes2Gost(pkcs8, password, iterations);
  return W.seq(alg, W.octets(data));
}
module.exports.encryptedPkcs8 = encryptedPkcs8;

// A PKCS#8 key with a second key in its attributes, as IIT's Key-6.dat holds one (d2 on M257 by OID).
function withSecondKey(pkcs8, d2) {
  const n = K.der.parse(pkcs8);
  const bits = new Uint8Array(32);
  for (let i = 0; i < 256; i++) if ((d2 >> BigInt(i)) & 1n) bits[i >> 3] |= 0x80 >> (i & 7);
  const attr = (oid, value) => W.seq(W.oid(oid), W.set(value));
  const attrs = tlv(
    0xa0,
    Buffer.concat([
      attr('1.3.6.1.4.1.19398.1.1.2.3', W.bits(bits)),
      attr('1.3.6.1.4.1.19398.1.1.2.2', W.seq(W.oid('1.2.804.2.1.1.1.1.3.1.1.2.6'), W.octets(DKE))),
    ]),
  );
  return W.seq(...n.children.slice(0, 3).map((c) => c.bytes), attrs);
}
module.exports.withSecondKey = withSecondKey;
