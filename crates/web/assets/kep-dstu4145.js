/*
 * ekrov — DSTU 4145-2002 digital signature over GF(2^m), polynomial basis, for the in-browser КЕП signer.
 *
 * Field elements are Uint32Arrays of little-endian 32-bit words; scalars are BigInt. Scalar multiplication is the
 * López–Dahab Montgomery ladder (x-only, the same operations for every bit of a fixed-length scalar) with y recovered
 * at the end, so signing runs in a few milliseconds. Encodings follow UAPKI / the vectors README: integers and field
 * elements little-endian, signature = r ‖ s each ceil(bitlen(n)/8) bytes, compressed points = x with bit 0 = tr(y/x).
 *
 * Classic script: attaches globalThis.EkrovDstu; in Node `require()` returns the same object.
 */
(function (root) {
  'use strict';

  // 8 bits -> 16 bits with a zero between each bit: squaring in GF(2)[x].
  const SPREAD = new Uint32Array(256);
  for (let b = 0; b < 256; b++) {
    let v = 0;
    for (let i = 0; i < 8; i++) if (b & (1 << i)) v |= 1 << (2 * i);
    SPREAD[b] = v;
  }

  class Field {
    // exps: the exponents of the reduction polynomial except 0, highest first, e.g. [257, 12].
    constructor(exps) {
      this.m = exps[0];
      this.ks = exps.slice(1).concat([0]);
      this.W = Math.ceil(this.m / 32);
      this.T = new Uint32Array(16 * (this.W + 1));
      this.C = new Uint32Array(2 * this.W + 2);
    }
    zero() {
      return new Uint32Array(this.W);
    }
    one() {
      const o = this.zero();
      o[0] = 1;
      return o;
    }
    fromBig(v) {
      const o = this.zero();
      for (let i = 0; i < this.W && v > 0n; i++) {
        o[i] = Number(v & 0xffffffffn);
        v >>= 32n;
      }
      return o;
    }
    toBig(a) {
      let v = 0n;
      for (let i = a.length - 1; i >= 0; i--) v = (v << 32n) | BigInt(a[i]);
      return v;
    }
    isZero(a) {
      for (let i = 0; i < a.length; i++) if (a[i]) return false;
      return true;
    }
    eq(a, b) {
      for (let i = 0; i < this.W; i++) if (a[i] !== b[i]) return false;
      return true;
    }
    add(a, b) {
      const o = new Uint32Array(this.W);
      for (let i = 0; i < this.W; i++) o[i] = a[i] ^ b[i];
      return o;
    }
    // Reduces c (2W+ words, destroyed) modulo the field polynomial.
    reduce(c) {
      const { m, ks, W } = this;
      for (let j = c.length - 1; j >= W; j--) {
        const t = c[j];
        if (!t) continue;
        c[j] = 0;
        for (const e of ks) {
          const p = 32 * j - m + e;
          const q = p >> 5;
          const s = p & 31;
          c[q] ^= t << s;
          if (s) c[q + 1] ^= t >>> (32 - s);
        }
      }
      const r = m & 31;
      if (r) {
        const t = c[W - 1] >>> r;
        if (t) {
          c[W - 1] &= (1 << r) - 1;
          for (const e of ks) {
            const q = e >> 5;
            const s = e & 31;
            c[q] ^= t << s;
            if (s) c[q + 1] ^= t >>> (32 - s);
          }
        }
      }
      return c.slice(0, W);
    }
    // Left-to-right comb with 4-bit windows (Hankerson–Menezes–Vanstone, algorithm 2.36).
    mul(a, b) {
      const W = this.W;
      const W1 = W + 1;
      const T = this.T;
      T.fill(0, 0, W1);
      for (let i = 0; i < W; i++) T[W1 + i] = b[i];
      T[W1 + W] = 0;
      for (let u = 2; u < 16; u += 2) {
        // T[u] = T[u/2] << 1; T[u+1] = T[u] ^ b
        const src = (u >> 1) * W1;
        const dst = u * W1;
        let carry = 0;
        for (let i = 0; i < W1; i++) {
          const v = T[src + i];
          T[dst + i] = (v << 1) | carry;
          carry = v >>> 31;
        }
        for (let i = 0; i < W1; i++) T[dst + W1 + i] = T[dst + i] ^ T[W1 + i];
      }
      const c = this.C;
      c.fill(0);
      for (let k = 28; k >= 0; k -= 4) {
        for (let j = 0; j < W; j++) {
          // No skip for a zero window: the work must not depend on the (secret) operands.
          const off = ((a[j] >>> k) & 15) * W1;
          for (let i = 0; i < W1; i++) c[j + i] ^= T[off + i];
        }
        if (k) {
          for (let i = c.length - 1; i > 0; i--) c[i] = (c[i] << 4) | (c[i - 1] >>> 28);
          c[0] <<= 4;
        }
      }
      return this.reduce(c);
    }
    sqr(a) {
      const c = new Uint32Array(2 * this.W + 2);
      for (let i = 0; i < this.W; i++) {
        const w = a[i];
        c[2 * i] = SPREAD[w & 255] | (SPREAD[(w >>> 8) & 255] << 16);
        c[2 * i + 1] = SPREAD[(w >>> 16) & 255] | (SPREAD[w >>> 24] << 16);
      }
      return this.reduce(c);
    }
    // a^-1 = (a^(2^(m-1) - 1))^2 (Fermat), with the Itoh–Tsujii chain b_k = a^(2^k - 1): b_2k = b_k^(2^k)·b_k,
    // b_(k+1) = b_k^2·a — about log2(m) multiplications instead of m. a must not be zero.
    inv(a) {
      if (this.isZero(a)) throw new Error('GF(2^m): inverse of zero');
      const n = this.m - 1;
      let b = a;
      let k = 1;
      for (let i = n.toString(2).length - 2; i >= 0; i--) {
        let t = b;
        for (let j = 0; j < k; j++) t = this.sqr(t);
        b = this.mul(t, b);
        k *= 2;
        if ((n >> i) & 1) {
          b = this.mul(this.sqr(b), a);
          k += 1;
        }
      }
      return this.sqr(b);
    }
    trace(a) {
      let t = a;
      let acc = Uint32Array.from(a);
      for (let i = 1; i < this.m; i++) {
        t = this.sqr(t);
        for (let j = 0; j < this.W; j++) acc[j] ^= t[j];
      }
      return acc[0] & 1;
    }
    // For odd m: a solution z of z^2 + z = a when tr(a) = 0.
    halfTrace(a) {
      let h = a;
      for (let i = 1; i <= (this.m - 1) / 2; i++) h = this.add(this.sqr(this.sqr(h)), a);
      return h;
    }
  }

  const bitLength = (v) => (v === 0n ? 0 : v.toString(2).length);

  function bigFromLE(bytes) {
    let v = 0n;
    for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]);
    return v;
  }

  function bigToLE(v, len) {
    const o = new Uint8Array(len);
    for (let i = 0; i < len; i++) {
      o[i] = Number(v & 255n);
      v >>= 8n;
    }
    if (v !== 0n) throw new Error('DSTU 4145: integer does not fit');
    return o;
  }

  function mod(a, n) {
    const r = a % n;
    return r < 0n ? r + n : r;
  }

  class DstuError extends Error {}

  class Curve {
    // p: {exps: [m, …], a: 0|1, b, n, px, py: BigInt}
    constructor(p) {
      const F = (this.F = new Field(p.exps));
      if (p.a !== 0 && p.a !== 1 && p.a !== 0n && p.a !== 1n) throw new DstuError('DSTU 4145: A must be 0 or 1');
      this.exps = p.exps.slice();
      this.a = Number(p.a);
      this.b = F.fromBig(p.b);
      this.n = p.n;
      this.nbits = bitLength(p.n);
      this.mbytes = Math.ceil(F.m / 8);
      this.nbytes = Math.ceil(this.nbits / 8);
      if (bitLength(p.b) > F.m || bitLength(p.px || 0n) > F.m || bitLength(p.py || 0n) > F.m)
        throw new DstuError('bad curve');
      // The base point comes either as coordinates or, from DER parameters, compressed.
      this.G = p.bp ? this.decompress(p.bp) : { x: F.fromBig(p.px), y: F.fromBig(p.py) };
      if (!this.onCurve(this.G)) throw new DstuError('DSTU 4145: base point is not on the curve');
    }
    onCurve(P) {
      const F = this.F;
      const x2 = F.sqr(P.x);
      let rhs = F.add(F.mul(x2, P.x), this.b);
      if (this.a) rhs = F.add(rhs, x2);
      return F.eq(F.add(F.sqr(P.y), F.mul(P.x, P.y)), rhs);
    }
    neg(P) {
      return P && { x: P.x, y: this.F.add(P.x, P.y) };
    }
    add(P, Q) {
      const F = this.F;
      if (!P) return Q;
      if (!Q) return P;
      if (F.eq(P.x, Q.x)) {
        if (!F.eq(P.y, Q.y) || F.isZero(P.x)) return null; // Q = -P
        const l = F.add(P.x, F.mul(P.y, F.inv(P.x)));
        let x3 = F.add(F.sqr(l), l);
        if (this.a) x3 = F.add(x3, F.one());
        return { x: x3, y: F.add(F.sqr(P.x), F.mul(F.add(l, F.one()), x3)) };
      }
      const l = F.mul(F.add(P.y, Q.y), F.inv(F.add(P.x, Q.x)));
      let x3 = F.add(F.add(F.add(F.sqr(l), l), P.x), Q.x);
      if (this.a) x3 = F.add(x3, F.one());
      return { x: x3, y: F.add(F.add(F.mul(l, F.add(P.x, x3)), x3), P.y) };
    }
    // k·P by the López–Dahab Montgomery ladder; P must be a finite point with x ≠ 0. Returns null for infinity.
    mul(k, P) {
      k = mod(k, this.n);
      if (k === 0n) return null;
      // A fixed length (nbits + 1) so the ladder runs the same number of steps for every k.
      k += this.n;
      if (bitLength(k) <= this.nbits) k += this.n;
      return this.ladder(k, P);
    }
    // k·P for k exactly as given (k > 0): used to check that a point's order is n.
    ladder(k, P) {
      const F = this.F;
      if (k === 1n) return P;
      const x = P.x;
      let X1 = x;
      let Z1 = F.one();
      let Z2 = F.sqr(x);
      let X2 = F.add(F.sqr(Z2), this.b);
      const b = this.b;
      for (let i = bitLength(k) - 2; i >= 0; i--) {
        const bit = (k >> BigInt(i)) & 1n;
        // madd: Z = (X1 Z2 + X2 Z1)^2, X = x Z + X1 Z2 X2 Z1; mdouble: X = X^4 + b Z^4, Z = X^2 Z^2
        const t1 = F.mul(X1, Z2);
        const t2 = F.mul(X2, Z1);
        const Za = F.sqr(F.add(t1, t2));
        const Xa = F.add(F.mul(x, Za), F.mul(t1, t2));
        const Xd0 = bit ? X2 : X1;
        const Zd0 = bit ? Z2 : Z1;
        const xs = F.sqr(Xd0);
        const zs = F.sqr(Zd0);
        const Xd = F.add(F.sqr(xs), F.mul(b, F.sqr(zs)));
        const Zd = F.mul(xs, zs);
        if (bit) {
          X1 = Xa;
          Z1 = Za;
          X2 = Xd;
          Z2 = Zd;
        } else {
          X2 = Xa;
          Z2 = Za;
          X1 = Xd;
          Z1 = Zd;
        }
      }
      return this.recoverY(P, X1, Z1, X2, Z2);
    }
    // Affine k·P from the ladder's (X1/Z1 = x(kP), X2/Z2 = x((k+1)P)) (HMV algorithm 3.40, Mxy).
    recoverY(P, X1, Z1, X2, Z2) {
      const F = this.F;
      if (F.isZero(Z1)) return null;
      if (F.isZero(Z2)) return this.neg(P);
      const { x, y } = P;
      const z12 = F.mul(Z1, Z2);
      const inv = F.inv(F.mul(x, z12));
      const x3 = F.mul(F.mul(X1, F.mul(x, Z2)), inv);
      const t = F.add(F.mul(F.add(X1, F.mul(x, Z1)), F.add(X2, F.mul(x, Z2))), F.mul(F.add(F.sqr(x), y), z12));
      const y3 = F.add(F.mul(F.mul(F.add(x, x3), t), inv), y);
      return { x: x3, y: y3 };
    }
    // Q = -d·P (DSTU 4145 6.7).
    publicKey(d) {
      if (d <= 0n || d >= this.n) throw new DstuError('DSTU 4145: private key out of range');
      return this.neg(this.mul(d, this.G));
    }
    compress(P) {
      const F = this.F;
      const x = F.toBig(P.x);
      if (x === 0n) return new Uint8Array(this.mbytes);
      const bit = BigInt(F.trace(F.mul(P.y, F.inv(P.x))));
      return bigToLE((x & ~1n) | bit, this.mbytes);
    }
    // Compressed little-endian bytes -> point on the curve; throws DstuError when there is none.
    decompress(bytes) {
      const F = this.F;
      let v = bigFromLE(bytes);
      if (v === 0n || bitLength(v) > F.m) throw new DstuError('DSTU 4145: bad compressed point');
      const k = Number(v & 1n);
      v &= ~1n;
      let x = F.fromBig(v);
      // Points of the prime-order subgroup have tr(x) = tr(A); bit 0 is fixed by that.
      if (F.trace(x) !== (this.a ? F.m & 1 : 0)) x = F.add(x, F.one());
      if (F.isZero(x)) throw new DstuError('DSTU 4145: bad compressed point');
      const xi = F.inv(x);
      let w = F.add(x, F.mul(this.b, F.sqr(xi)));
      if (this.a) w = F.add(w, F.one());
      if (F.trace(w)) throw new DstuError('DSTU 4145: compressed point is not on the curve');
      let z = F.halfTrace(w);
      if (F.trace(z) !== k) z = F.add(z, F.one());
      const P = { x, y: F.mul(z, x) };
      if (!this.onCurve(P)) throw new DstuError('DSTU 4145: compressed point is not on the curve');
      return P;
    }
    // Hash bytes -> field element: little-endian integer cut to m bits, 1 if zero.
    hashToField(hash) {
      let h = bigFromLE(hash) & ((1n << BigInt(this.F.m)) - 1n);
      if (h === 0n) h = 1n;
      return this.F.fromBig(h);
    }
    truncR(fe) {
      return this.F.toBig(fe) & ((1n << BigInt(this.nbits - 1)) - 1n);
    }
    // One signing attempt with the given per-signature k; null when k must be replaced (r = 0 or s = 0).
    signWithK(h, d, k) {
      const R = this.mul(k, this.G);
      if (!R || this.F.isZero(R.x)) return null;
      const r = this.truncR(this.F.mul(h, R.x));
      if (r === 0n) return null;
      const s = mod(k + d * r, this.n);
      if (s === 0n) return null;
      return { r, s };
    }
    randomScalar(rand) {
      const mask = (1n << BigInt(this.nbits)) - 1n;
      for (;;) {
        const k = bigFromLE(rand(this.nbytes)) & mask;
        if (k > 0n && k < this.n) return k;
      }
    }
    // hash: the GOST 34.311 bytes; returns r ‖ s little-endian.
    sign(hash, d, rand) {
      rand = rand || randomBytes;
      const h = this.hashToField(hash);
      for (;;) {
        const sig = this.signWithK(h, d, this.randomScalar(rand));
        if (sig) return this.encodeSignature(sig);
      }
    }
    encodeSignature({ r, s }) {
      const o = new Uint8Array(2 * this.nbytes);
      o.set(bigToLE(r, this.nbytes));
      o.set(bigToLE(s, this.nbytes), this.nbytes);
      return o;
    }
    // Q: a point (already checked on the curve). Any malformed input is simply "not valid".
    verify(hash, sig, Q) {
      if (!(sig instanceof Uint8Array) || sig.length !== 2 * this.nbytes || !Q) return false;
      const r = bigFromLE(sig.subarray(0, this.nbytes));
      const s = bigFromLE(sig.subarray(this.nbytes));
      if (r <= 0n || r >= this.n || s <= 0n || s >= this.n) return false;
      if (!this.onCurve(Q)) return false;
      const R = this.add(this.mul(s, this.G), this.mul(r, Q));
      if (!R) return false;
      return this.truncR(this.F.mul(this.hashToField(hash), R.x)) === r;
    }
  }

  function randomBytes(n) {
    const c = root.crypto;
    if (!c || !c.getRandomValues) throw new DstuError('no crypto.getRandomValues');
    return c.getRandomValues(new Uint8Array(n));
  }

  // The standard polynomial-basis curves (DSTU 4145-2002 / order 1399/21711), by the last arc of
  // 1.2.804.2.1.1.1.1.3.1.1.2.N: exponents, A, then B, n, Px, Py as big-endian hex.
  // prettier-ignore
  const NAMED = [
    [[163, 7, 6, 3], 1, '05ff6108462a2dc8210ab403925e638a19c1455d21', '0400000000000000000002bec12be2262d39bcf14d', '02e2f85f5dd74ce983a5c4237229daf8a3f35823be', '03826f008a8c51d7b95284d9d03ff0e00ce2cd723a'],
    [[167, 6], 1, '6ee3ceeb230811759f20518a0930f1a4315a827dac', '3fffffffffffffffffffffb12ebcc7d7f29ff7701f', '7a1f6653786a68192803910a3d30b2a2018b21cd54', '5f49eb26781c0ec6b8909156d98ed435e45fd59918'],
    [[173, 10, 2, 1], 0, '108576c80499db2fc16eddf6853bbb278f6b6fb437d9', '0800000000000000000000189b4e67606e3825bb2831', '04d41a619bcc6eadf0448fa22fad567a9181d37389ca', '10b51cc12849b234c75e6dd2028bf7ff5c1ce0d991a1'],
    [[179, 4, 2, 1], 1, '04a6e0856526436f2f88dd07a341e32d04184572beb710', '03ffffffffffffffffffffffb981960435fe5ab64236ef', '06ba06fe51464b2bd26dc57f48819ba9954667022c7d03', '025fbc363582dcec065080ca8287aaff09788a66dc3a9e'],
    [[191, 9], 1, '7bc86e2102902ec4d5890e8b6b4981ff27e0482750fefc03', '40000000000000000000000069a779cac1dabc6788f7474f', '714114b762f2ff4a7912a6d2ac58b9b5c2fcfe76daeb7129', '29c41e568b77c617efe5902f11db96fa9613cd8d03db08da'],
    [[233, 9, 4, 1], 1, '006973b15095675534c7cf7e64a21bd54ef5dd3b8a0326aa936ece454d2c', '01000000000000000000000000000013e974e72f8a6922031d2603cfe0d7', '003fcda526b6cdf83ba1118df35b3c31761d3545f32728d003eeb25efe96', '009ca8b57a934c54deeda9e54a7bbad95e3b2e91c54d32be0b9df96d8d35'],
    [[257, 12], 0, '01cef494720115657e18f938d7a7942394ff9425c1458c57861f9eea6adbe3be10', '00800000000000000000000000000000006759213af182e987d3e17714907d470d', '002a29ef207d0e9b6c55cd260b306c7e007ac491ca1b10c62334a9e8dcd8d20fb7', '010686d41ff744d4449fccf6d8eea03102e6812c93a9d60b978b702cf156d814ef'],
    [[307, 8, 4, 2], 1, '0393c7f7d53666b5054b5e6c6d3de94f4296c0c599e2e2e241050df18b6090bdc90186904968bb', '03ffffffffffffffffffffffffffffffffffffffc079c2f3825da70d390fbba588d4604022b7b7', '0216ee8b189d291a0224984c1e92f1d16bf75ccd825a087a239b276d3167743c52c02d6e7232aa', '05d9306bacd22b7faeb09d2e049c6e2866c5d1677762a8f2f2dc9a11c7f7be8340ab2237c7f2a0'],
    [[367, 21], 1, '43fc8ad242b0b7a6f3d1627ad5654447556b47bf6aa4a64b0c2afe42cadab8f93d92394c79a79755437b56995136', '40000000000000000000000000000000000000000000009c300b75a3fa824f22428fd28ce8812245ef44049b2d49', '324a6eddd512f08c49a99ae0d3f961197a76413e7be81a400ca681e09639b5fe12e59a109f78bf4a373541b3b9a1', '01ab597a5b4477f59e39539007c7f977d1a567b92b043a49c6b61984c3fe3481aaf454cd41ba1f051626442b3c10'],
    [[431, 5, 3, 1], 1, '03ce10490f6a708fc26dfe8c3d27c4f94e690134d5bff988d8d28aaeaede975936c66bac536b18ae2dc312ca493117daa469c640caf3', '3fffffffffffffffffffffffffffffffffffffffffffffffffffffba3175458009a8c0a724f02f81aa8a1fcbaf80d90c7a95110504cf', '1a62ba79d98133a16bbae7ed9a8e03c32e0824d57aef72f88986874e5aae49c27bed49a2a95058068426c2171e99fd3b43c5947c857d', '70b5e1e14031c1f70bbefe96bdde66f451754b4ca5f48da241f331aa396b8d1839a855c1769b1ea14ba53308b5e2723724e090e02db9'],
  ];
  const NAMED_OID_PREFIX = '1.2.804.2.1.1.1.1.3.1.1.2.';
  const namedCache = new Map();

  function namedCurve(oid) {
    if (!oid.startsWith(NAMED_OID_PREFIX)) return null;
    const i = Number(oid.slice(NAMED_OID_PREFIX.length));
    if (!Number.isInteger(i) || !NAMED[i]) return null;
    if (!namedCache.has(i)) {
      const [exps, a, b, n, px, py] = NAMED[i];
      const B = (h) => BigInt('0x' + h);
      const c = new Curve({ exps, a, b: B(b), n: B(n), px: B(px), py: B(py) });
      c.oid = oid;
      namedCache.set(i, c);
    }
    return namedCache.get(i);
  }

  const CURVE_OIDS = NAMED.map((_, i) => NAMED_OID_PREFIX + i);

  const api = { Field, Curve, DstuError, namedCurve, CURVE_OIDS, bigFromLE, bigToLE, bitLength, randomBytes };
  root.EkrovDstu = api;
  if (typeof module === 'object' && module && module.exports) module.exports = api;
})(typeof globalThis !== 'undefined' ? globalThis : typeof window !== 'undefined' ? window : this);
