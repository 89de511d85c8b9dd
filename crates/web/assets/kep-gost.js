/*
 * ekrov — GOST 28147-89 (cipher) and GOST 34.311-95 (hash) for the in-browser КЕП signer.
 *
 * Written from the standards (ДСТУ ГОСТ 28147:2009, ГОСТ 34.311-95) for what Ukrainian key containers need:
 * ECB/CFB/CTR and MAC of GOST 28147 with any S-box (the DKE_1 default), the GOST 34.311 hash with a zero start value,
 * HMAC and PBKDF2 over it, and the PKCS#12 key derivation with it. Integers are little-endian as in UAPKI: a 32-byte
 * key is eight LE 32-bit words, a block is two LE 32-bit halves.
 *
 * Classic script: attaches globalThis.EkrovGost; in Node `require()` returns the same object.
 */
(function (root) {
  'use strict';

  function hexBytes(h) {
    const out = new Uint8Array(h.length >> 1);
    for (let i = 0; i < out.length; i++) out[i] = parseInt(h.substr(2 * i, 2), 16);
    return out;
  }

  // DKE_1 ("ДКЕ №1"), the Ukrainian default, in the packed 64-byte form it has in DER.
  const DKE_PACKED = hexBytes(
    'a9d6eb45f13c708280c4967b231f5eadf658eba4c037291d38d96bf025ca4e17' +
      'f8e9720dc615b43a28975f0bc1dea36438b564ea2c179fd0123e6db8fac57904',
  );

  // 64 packed bytes (entry 2i in the high nibble) -> 128 nibbles, 8 rows of 16; row r substitutes nibble r.
  function unpackSbox(packed) {
    if (!packed || packed.length !== 64) throw new Error('GOST 28147: S-box must be 64 bytes');
    const out = new Uint8Array(128);
    for (let i = 0; i < 64; i++) {
      out[2 * i] = packed[i] >> 4;
      out[2 * i + 1] = packed[i] & 15;
    }
    return out;
  }

  // Four byte-wide tables folding substitution and the rotation by 11 into one lookup per byte.
  function expandSbox(nibbles) {
    const t = [new Uint32Array(256), new Uint32Array(256), new Uint32Array(256), new Uint32Array(256)];
    for (let j = 0; j < 4; j++) {
      for (let b = 0; b < 256; b++) {
        const v = ((nibbles[16 * (2 * j + 1) + (b >> 4)] << 4) | nibbles[16 * (2 * j) + (b & 15)]) << (8 * j);
        t[j][b] = ((v << 11) | (v >>> 21)) >>> 0;
      }
    }
    return t;
  }

  const sboxCache = new Map();
  // sbox: 64 packed bytes, 128 nibbles, or undefined for DKE_1.
  let defaultTables = null;
  function sboxTables(sbox) {
    if (sbox && sbox.t) return sbox.t;
    if (!sbox) return defaultTables || (defaultTables = expandSbox(unpackSbox(DKE_PACKED)));
    const nib = !sbox ? unpackSbox(DKE_PACKED) : sbox.length === 64 ? unpackSbox(sbox) : Uint8Array.from(sbox);
    if (nib.length !== 128) throw new Error('GOST 28147: bad S-box');
    const id = Array.prototype.join.call(nib, '');
    let t = sboxCache.get(id);
    if (!t) {
      t = expandSbox(nib);
      sboxCache.set(id, t);
    }
    return t;
  }

  function readWords(bytes, n) {
    const w = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      w[i] = (bytes[4 * i] | (bytes[4 * i + 1] << 8) | (bytes[4 * i + 2] << 16) | (bytes[4 * i + 3] << 24)) >>> 0;
    }
    return w;
  }

  function writeWord(out, off, v) {
    out[off] = v & 255;
    out[off + 1] = (v >>> 8) & 255;
    out[off + 2] = (v >>> 16) & 255;
    out[off + 3] = v >>> 24;
  }

  // Round-key order: encryption K0..K7 three times then K7..K0; decryption the reverse; MAC K0..K7 twice.
  const ENC_ORDER = [0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7, 7, 6, 5, 4, 3, 2, 1, 0];
  const DEC_ORDER = ENC_ORDER.slice().reverse();

  class Gost28147 {
    constructor(key, sbox) {
      if (!key || key.length !== 32) throw new Error('GOST 28147: key must be 32 bytes');
      this.k = readWords(key, 8);
      this.t = sboxTables(sbox);
    }
    // Runs the rounds of `order` on (n1, n2) and returns [n2, n1] as the standard's output order.
    rounds(n1, n2, order) {
      const k = this.k;
      const [t0, t1, t2, t3] = this.t;
      for (let i = 0; i < order.length; i++) {
        const x = (n1 + k[order[i]]) >>> 0;
        const f = t0[x & 255] ^ t1[(x >>> 8) & 255] ^ t2[(x >>> 16) & 255] ^ t3[x >>> 24];
        const nn = (n2 ^ f) >>> 0;
        n2 = n1;
        n1 = nn;
      }
      return [n2, n1];
    }
    encryptWords(a, b) {
      return this.rounds(a, b, ENC_ORDER);
    }
    block(inp, off, out, ooff, order) {
      const a = (inp[off] | (inp[off + 1] << 8) | (inp[off + 2] << 16) | (inp[off + 3] << 24)) >>> 0;
      const b = (inp[off + 4] | (inp[off + 5] << 8) | (inp[off + 6] << 16) | (inp[off + 7] << 24)) >>> 0;
      const [x, y] = this.rounds(a, b, order);
      writeWord(out, ooff, x);
      writeWord(out, ooff + 4, y);
    }
    ecb(data, decrypt) {
      if (data.length % 8) throw new Error('GOST 28147 ECB: length must be a multiple of 8');
      const out = new Uint8Array(data.length);
      for (let i = 0; i < data.length; i += 8) this.block(data, i, out, i, decrypt ? DEC_ORDER : ENC_ORDER);
      return out;
    }
    // Gamma with feedback (CFB-64); any length.
    cfb(data, iv, decrypt) {
      const out = new Uint8Array(data.length);
      const reg = Uint8Array.from(iv);
      const gamma = new Uint8Array(8);
      for (let i = 0; i < data.length; i += 8) {
        this.block(reg, 0, gamma, 0, ENC_ORDER);
        const n = Math.min(8, data.length - i);
        for (let j = 0; j < n; j++) {
          out[i + j] = data[i + j] ^ gamma[j];
          reg[j] = decrypt ? data[i + j] : out[i + j];
        }
      }
      return out;
    }
    // Gamma (counter) mode: the encrypted IV is stepped by C2 (mod 2^32) and C1 (mod 2^32 - 1).
    ctr(data, iv) {
      const out = new Uint8Array(data.length);
      const s = new Uint8Array(8);
      this.block(iv, 0, s, 0, ENC_ORDER);
      let n3 = readWords(s, 2)[0];
      let n4 = readWords(s, 2)[1];
      const gamma = new Uint8Array(8);
      for (let i = 0; i < data.length; i += 8) {
        n3 = (n3 + 0x01010101) >>> 0;
        n4 = n4 + 0x01010104;
        if (n4 > 0xffffffff) n4 -= 0xffffffff;
        const [x, y] = this.rounds(n3, n4, ENC_ORDER);
        writeWord(gamma, 0, x);
        writeWord(gamma, 4, y);
        for (let j = 0; j < 8 && i + j < data.length; j++) out[i + j] = data[i + j] ^ gamma[j];
      }
      return out;
    }
    // Imitovstavka: 16 rounds per zero-padded block; the first 4 bytes of the final state.
    mac(data) {
      let a = 0;
      let b = 0;
      const blk = new Uint8Array(8);
      for (let i = 0; i < data.length; i += 8) {
        blk.fill(0);
        blk.set(data.subarray(i, Math.min(i + 8, data.length)));
        const w = readWords(blk, 2);
        const r = this.rounds((a ^ w[0]) >>> 0, (b ^ w[1]) >>> 0, ENC_ORDER.slice(0, 16));
        // rounds() returns the swapped pair; MAC keeps the unswapped state between blocks.
        a = r[1];
        b = r[0];
      }
      const out = new Uint8Array(4);
      writeWord(out, 0, a);
      return out;
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // GOST 34.311-95
  // ---------------------------------------------------------------------------------------------------------------

  // The hash works on 256-bit values held as eight little-endian 32-bit words (w[0] least significant).
  // C3 of the key schedule (the standard writes it as a big-endian number).
  const C3 = readWords(hexBytes('ff00ffff000000ffff0000ff00ffff0000ff00ff00ff00ffff00ff00ff00ff00').reverse(), 8);

  // A(Y) = (y1 ^ y2) || y4 || y3 || y2 over 64-bit blocks, y1 the least significant.
  function transformA(w) {
    return Uint32Array.of(w[2], w[3], w[4], w[5], w[6], w[7], w[0] ^ w[2], w[1] ^ w[3]);
  }

  // P: byte i + 4k of the result is byte 8i + k of the input (i < 4, k < 8).
  function transformP(w, out) {
    for (let k = 0; k < 8; k++) {
      const sh = 8 * (k & 3);
      const o = k >> 2;
      out[k] =
        (((w[o] >>> sh) & 255) |
          (((w[2 + o] >>> sh) & 255) << 8) |
          (((w[4 + o] >>> sh) & 255) << 16) |
          (((w[6 + o] >>> sh) & 255) << 24)) >>>
        0;
    }
    return out;
  }

  // psi^times: shift down by one 16-bit word; the new top word is y1 ^ y2 ^ y3 ^ y4 ^ y13 ^ y16.
  function psi(w, times) {
    const y = new Uint16Array(16 + times);
    for (let i = 0; i < 8; i++) {
      y[2 * i] = w[i] & 0xffff;
      y[2 * i + 1] = w[i] >>> 16;
    }
    for (let j = 0; j < times; j++) y[j + 16] = y[j] ^ y[j + 1] ^ y[j + 2] ^ y[j + 3] ^ y[j + 12] ^ y[j + 15];
    const out = new Uint32Array(8);
    for (let i = 0; i < 8; i++) out[i] = (y[times + 2 * i] | (y[times + 2 * i + 1] << 16)) >>> 0;
    return out;
  }

  function xorW(a, b) {
    const o = new Uint32Array(8);
    for (let i = 0; i < 8; i++) o[i] = a[i] ^ b[i];
    return o;
  }

  // One GOST 28147 encryption with round keys k (8 words) and S-box tables t.
  function encrypt(k, t, a, b) {
    const [t0, t1, t2, t3] = t;
    for (let i = 0; i < 32; i++) {
      const x = (a + k[ENC_ORDER[i]]) >>> 0;
      const nn = (b ^ t0[x & 255] ^ t1[(x >>> 8) & 255] ^ t2[(x >>> 16) & 255] ^ t3[x >>> 24]) >>> 0;
      b = a;
      a = nn;
    }
    return [b, a];
  }

  // The step function: H' = psi^61(H ^ psi(M ^ psi^12(S))), S = the four 64-bit parts of H encrypted with K1..K4.
  function step(h, m, t) {
    let u = h;
    let v = m;
    const s = new Uint32Array(8);
    const key = new Uint32Array(8);
    for (let j = 0; j < 4; j++) {
      if (j > 0) {
        u = transformA(u);
        if (j === 2) u = xorW(u, C3);
        v = transformA(transformA(v));
      }
      transformP(xorW(u, v), key);
      const r = encrypt(key, t, h[2 * j], h[2 * j + 1]);
      s[2 * j] = r[0];
      s[2 * j + 1] = r[1];
    }
    return psi(xorW(h, psi(xorW(m, psi(s, 12)), 1)), 61);
  }

  // 256-bit addition of word arrays, in place.
  function addTo(sum, m) {
    let c = 0;
    for (let i = 0; i < 8; i++) {
      const x = sum[i] + m[i] + c;
      sum[i] = x >>> 0;
      c = x > 0xffffffff ? 1 : 0;
    }
  }

  function wordsToBytes(w) {
    const out = new Uint8Array(32);
    for (let i = 0; i < 8; i++) writeWord(out, 4 * i, w[i]);
    return out;
  }

  class Gost34311 {
    constructor(sbox) {
      this.t = sboxTables(sbox);
      this.h = new Uint32Array(8); // zero start value, as UAPKI and gost89 use
      this.sum = new Uint32Array(8);
      this.len = 0; // bytes
      this.buf = new Uint8Array(32);
      this.fill = 0;
    }
    clone() {
      const c = new Gost34311({ t: this.t });
      c.h = Uint32Array.from(this.h);
      c.sum = Uint32Array.from(this.sum);
      c.len = this.len;
      c.buf = Uint8Array.from(this.buf);
      c.fill = this.fill;
      return c;
    }
    block(bytes) {
      const m = readWords(bytes, 8);
      this.h = step(this.h, m, this.t);
      addTo(this.sum, m);
    }
    update(data) {
      let i = 0;
      while (i < data.length) {
        const n = Math.min(32 - this.fill, data.length - i);
        this.buf.set(data.subarray(i, i + n), this.fill);
        this.fill += n;
        i += n;
        if (this.fill === 32) {
          this.block(this.buf);
          this.fill = 0;
        }
      }
      this.len += data.length;
      return this;
    }
    digest() {
      if (this.fill > 0) {
        this.buf.fill(0, this.fill);
        this.block(this.buf);
      }
      const bits = this.len * 8;
      const l = Uint32Array.of(bits >>> 0, Math.floor(bits / 0x100000000), 0, 0, 0, 0, 0, 0);
      this.h = step(this.h, l, this.t);
      this.h = step(this.h, this.sum, this.t);
      return wordsToBytes(this.h);
    }
  }

  function hash(data, sbox) {
    return new Gost34311(sbox).update(data).digest();
  }

  // HMAC (RFC 2104) over GOST 34.311 with its 32-byte block. Returns a function of the data, so PBKDF2 hashes the
  // padded keys once.
  function hmacKeyed(key, sbox) {
    const t = sboxTables(sbox);
    if (key.length > 32) key = hash(key, { t });
    const k = new Uint8Array(32);
    k.set(key);
    const inner = new Gost34311({ t }).update(k.map((x) => x ^ 0x36));
    const outer = new Gost34311({ t }).update(k.map((x) => x ^ 0x5c));
    return (data) => outer.clone().update(inner.clone().update(data).digest()).digest();
  }

  function hmac(key, data, sbox) {
    return hmacKeyed(key, sbox)(data);
  }

  // PBKDF2 (RFC 8018) with HMAC-GOST 34.311; one 32-byte block, which is what the containers use.
  function pbkdf2(password, salt, iterations, sbox) {
    const mac = hmacKeyed(password, sbox);
    const one = new Uint8Array(salt.length + 4);
    one.set(salt);
    one[salt.length + 3] = 1;
    let u = mac(one);
    const t = Uint8Array.from(u);
    for (let i = 1; i < iterations; i++) {
      u = mac(u);
      for (let j = 0; j < 32; j++) t[j] ^= u[j];
    }
    return t;
  }

  // PKCS#12 key derivation (RFC 7292 B.2) with GOST 34.311: v = u = 32 bytes.
  function pkcs12Kdf(passwordBmp, salt, id, iterations, n, sbox) {
    sbox = { t: sboxTables(sbox) };
    const v = 32;
    const rep = (src, len) => {
      const o = new Uint8Array(len);
      for (let i = 0; i < len && src.length; i++) o[i] = src[i % src.length];
      return o;
    };
    const S = rep(salt, v * Math.ceil(salt.length / v));
    const P = rep(passwordBmp, v * Math.ceil(passwordBmp.length / v));
    const I = new Uint8Array(S.length + P.length);
    I.set(S);
    I.set(P, S.length);
    const D = new Uint8Array(v).fill(id);
    const out = new Uint8Array(n);
    for (let off = 0; off < n; off += 32) {
      let a = new Gost34311(sbox).update(D).update(I).digest();
      for (let r = 1; r < iterations; r++) a = hash(a, sbox);
      out.set(a.subarray(0, Math.min(32, n - off)), off);
      if (off + 32 >= n) break;
      const B = rep(a, v);
      for (let j = 0; j < I.length; j += v) {
        let c = 1;
        for (let k = v - 1; k >= 0; k--) {
          c += I[j + k] + B[k];
          I[j + k] = c & 255;
          c >>= 8;
        }
      }
    }
    return out;
  }

  const api = { Gost28147, Gost34311, hash, hmac, pbkdf2, pkcs12Kdf, unpackSbox, DKE_PACKED, hexBytes };
  root.EkrovGost = api;
  if (typeof module === 'object' && module && module.exports) module.exports = api;
})(typeof globalThis !== 'undefined' ? globalThis : typeof window !== 'undefined' ? window : this);
