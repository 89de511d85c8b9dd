// jkurwa signs random 32-byte hashes with random keys on each standard curve; prints one JSON
// line per signature for tests/dstu_jkurwa.rs to verify with crates/kep. Test-only.
// jkurwa 1.21 on npm defines only M257 and M431; the other curves are built from
// tests/data/dstu/vectors.json (UAPKI's table), the same data the Rust side is checked against.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const jk = require('jkurwa');

const per = parseInt(process.argv[2] || '20', 10);
// Optional comma-separated curve indexes (0 = M163 … 9 = M431).
const only = process.argv[3] ? process.argv[3].split(',').map(Number) : null;
const vectors = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'data', 'dstu', 'vectors.json')));
const curves = vectors.dstu4145_standard_curves_pb.curves;

curves.forEach((c, i) => {
  if (only && !only.includes(i)) {
    return;
  }
  let curve;
  if (c.m === 257 || c.m === 431) {
    curve = jk.std_curve('DSTU_PB_' + c.m);
  } else {
    const e = c.field_polynomial.exponents;
    curve = new jk.Curve({
      a: String(c.A),
      b: c.B.big_endian_hex,
      base: { x: c.Px.big_endian_hex, y: c.Py.big_endian_hex },
      order: c.N.big_endian_hex,
      kofactor: [c.A === 1 ? 2 : 4],
      m: c.m,
      ks: e.slice(1, e.length - 1).sort((a, b) => a - b),
    });
  }
  for (let n = 0; n < per; n++) {
    const priv = curve.keygen();
    // A hash wider than m bits: UAPKI (and DSTU 4145 Annex B) truncate it to m bits, jkurwa
    // reduces it modulo the field polynomial; below m bits both read the same integer.
    const hash = crypto.randomBytes(Math.min(32, Math.floor(c.m / 8)));
    const sig = priv.sign(hash, 'le');
    const pub = priv.pub_compress().le();
    // jkurwa verifies its own signature too.
    const ok = priv.pub().verify(hash, Buffer.concat([Buffer.from([4, sig.length]), sig]), 'short');
    console.log(JSON.stringify({
      curve: i,
      m: c.m,
      pub: Buffer.from(pub).toString('hex'),
      hash: hash.toString('hex'),
      sig: Buffer.from(sig).toString('hex'),
      self_ok: ok,
    }));
  }
});
