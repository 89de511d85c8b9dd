/*
 * ekrov — in-browser КЕП signer.
 *
 * Opens a PKCS#12 key container (as OpenSSL 3 writes it: PBES2 / PBKDF2-HMAC-SHA256 / AES-256-CBC, HMAC-SHA256 MAC)
 * and builds a detached CMS SignedData (CAdES-BES) with WebCrypto only. No third-party code, no build step.
 * Ukrainian DSTU 4145 keys (IIT Key-6.dat in both forms, PKCS#8, national PKCS#12, PrivatBank JKS) are handed to
 * kep-dstu-keys.js (with kep-gost.js and kep-dstu4145.js, loaded before this script); without them such files get
 * the "not supported" errors.
 *
 * An ECDSA/RSA key is imported as a non-extractable CryptoKey; a DSTU key's scalar lives only in a closure. Neither
 * leaves this page nor is stored.
 *
 * Classic script: attaches `globalThis.EkrovKep` (window.EkrovKep in a browser); in Node `require()` returns the same
 * object.
 *
 * API
 *   EkrovKep.openPkcs12(bytes: Uint8Array, password: string, {fileName?, certificates?: Uint8Array[]})
 *     -> Promise<KepKey>   (any supported key file; `certificates`: DER or PEM, for files that hold none)
 *   EkrovKep.signDetached(key: KepKey, content: Uint8Array, {signingTime?: Date, cades?: boolean, attached?: boolean})
 *     -> Promise<Uint8Array>   (`attached` is honoured for DSTU keys)
 *   EkrovKep.parseCertificate(der: Uint8Array) -> CertInfo
 *   EkrovKep.KepError (err.code, err.message (Ukrainian), err.messageEn)
 *   EkrovKep.der, EkrovKep.base64Encode/base64Decode, EkrovKep.pkcs12Kdf (exposed for tests)
 */
(function (root) {
  'use strict';

  const subtle = root.crypto && root.crypto.subtle;

  // ---------------------------------------------------------------------------------------------------------------
  // Errors
  // ---------------------------------------------------------------------------------------------------------------

  const MESSAGES = {
    wrong_password: ['Невірний пароль або пошкоджений файл ключа', 'Wrong password or damaged key file'],
    legacy_pkcs12: [
      'Файл ключа захищено застарілим шифруванням (3DES/RC2). Експортуйте ключ заново з шифруванням AES ' +
        '(наприклад, «openssl pkcs12 -export» без «-legacy» або з «-keypbe AES-256-CBC -certpbe AES-256-CBC») і спробуйте ще раз.',
      'The key file uses legacy encryption (3DES/RC2). Re-export it with AES (for example "openssl pkcs12 -export" ' +
        'without "-legacy", or with "-keypbe AES-256-CBC -certpbe AES-256-CBC") and try again.',
    ],
    unsupported_key6: [
      'Цей різновид файлу Key-6.dat не підтримується. Збережіть ключ у форматі PKCS#12 (.pfx, .p12) і спробуйте ще раз.',
      'This kind of Key-6.dat file is not supported. Save the key as PKCS#12 (.pfx, .p12) and try again.',
    ],
    need_certificate: [
      'У файлі ключа немає сертифіката. Додайте файл сертифіката ключа (.cer, .crt) і зчитайте ключ ще раз.',
      'The key file holds no certificate. Add the key\'s certificate file (.cer, .crt) and read the key again.',
    ],
    unsupported_jks: [
      'Формат JKS ще не підтримується. Скористайтеся ключем у форматі PKCS#12 (.pfx, .p12).',
      'The JKS format is not supported yet. Please use a PKCS#12 key file (.pfx, .p12).',
    ],
    unsupported_dstu: [
      'Ключі з алгоритмами ДСТУ 4145 / ГОСТ 34.311 ще не підтримуються. Скористайтеся ключем ECDSA або RSA у форматі PKCS#12.',
      'DSTU 4145 / GOST 34.311 keys are not supported yet. Please use an ECDSA or RSA key in a PKCS#12 file.',
    ],
    unsupported_algorithm: [
      'Алгоритм цього ключа ще не підтримується (підтримуються ECDSA P-256, P-384 та RSA).',
      'This key algorithm is not supported yet (ECDSA P-256, P-384 and RSA are).',
    ],
    unsupported_pkcs12: [
      'Цей файл PKCS#12 має будову, яка ще не підтримується.',
      'This PKCS#12 file uses a structure that is not supported yet.',
    ],
    no_certificate: [
      'У файлі ключа немає сертифіката, що відповідає особистому ключу. Скористайтеся файлом PKCS#12 (.pfx, .p12) з сертифікатом.',
      'The key file holds no certificate for the private key. Please use a PKCS#12 file (.pfx, .p12) with the certificate.',
    ],
    no_private_key: ['У файлі немає особистого ключа.', 'The file holds no private key.'],
    not_a_key_file: [
      'Файл не схожий на файл ключа (очікується .pfx, .p12, .pk8, Key-6.dat або .jks).',
      'This does not look like a key file (expected .pfx, .p12, .pk8, Key-6.dat or .jks).',
    ],
    no_webcrypto: [
      'Цей браузер не підтримує WebCrypto. Оновіть браузер або відкрийте сторінку через HTTPS.',
      'This browser does not support WebCrypto. Update the browser or open the page over HTTPS.',
    ],
  };

  class KepError extends Error {
    constructor(code, detail) {
      const m = MESSAGES[code] || [code, code];
      super(m[0]);
      this.name = 'KepError';
      this.code = code;
      this.messageEn = m[1];
      if (detail) this.detail = detail;
    }
  }

  function fail(code, detail) {
    throw new KepError(code, detail);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Bytes, text, base64
  // ---------------------------------------------------------------------------------------------------------------

  function concat(parts) {
    let n = 0;
    for (const p of parts) n += p.length;
    const out = new Uint8Array(n);
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }

  function bytesEqual(a, b) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  function compareBytes(a, b) {
    // X.690 11.6: compare as octet strings, the shorter padded at its end with zero octets.
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const x = i < a.length ? a[i] : 0;
      const y = i < b.length ? b[i] : 0;
      if (x !== y) return x - y;
    }
    return a.length - b.length;
  }

  const utf8 = new TextEncoder();
  const utf8dec = new TextDecoder('utf-8', { fatal: false });

  function toHex(b) {
    let s = '';
    for (const x of b) s += (x < 16 ? '0' : '') + x.toString(16);
    return s;
  }

  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

  function base64Encode(bytes) {
    let s = '';
    let i = 0;
    for (; i + 2 < bytes.length; i += 3) {
      const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
      s += B64[n >> 18] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + B64[n & 63];
    }
    if (i < bytes.length) {
      const rest = bytes.length - i;
      const n = (bytes[i] << 16) | (rest > 1 ? bytes[i + 1] << 8 : 0);
      s += B64[n >> 18] + B64[(n >> 12) & 63] + (rest > 1 ? B64[(n >> 6) & 63] : '=') + '=';
    }
    return s;
  }

  function base64Decode(text) {
    const clean = String(text).replace(/[\s=]/g, '').replace(/-/g, '+').replace(/_/g, '/');
    const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
    let bits = 0;
    let acc = 0;
    let o = 0;
    for (const ch of clean) {
      const v = B64.indexOf(ch);
      if (v < 0) throw new Error('invalid base64');
      acc = (acc << 6) | v;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out[o++] = (acc >> bits) & 0xff;
      }
    }
    return out.subarray(0, o);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // DER reader / writer (the reader also accepts BER indefinite lengths and constructed strings)
  // ---------------------------------------------------------------------------------------------------------------

  const T = {
    BOOLEAN: 0x01,
    INTEGER: 0x02,
    BIT_STRING: 0x03,
    OCTET_STRING: 0x04,
    NULL: 0x05,
    OID: 0x06,
    UTF8String: 0x0c,
    PrintableString: 0x13,
    TeletexString: 0x14,
    IA5String: 0x16,
    UTCTime: 0x17,
    GeneralizedTime: 0x18,
    UniversalString: 0x1c,
    BMPString: 0x1e,
    SEQUENCE: 0x30,
    SET: 0x31,
  };

  class DerError extends Error {}

  // A node: {tag, cls, constructed, number, start, headerLength, length, end, bytes (whole TLV), value (content),
  //          children (if constructed)}
  function readNode(buf, pos, end, depth) {
    if (depth > 64) throw new DerError('nesting too deep');
    if (pos >= end) throw new DerError('unexpected end');
    const start = pos;
    const tag = buf[pos++];
    let number = tag & 0x1f;
    if (number === 0x1f) {
      number = 0;
      let b;
      do {
        if (pos >= end) throw new DerError('truncated tag');
        b = buf[pos++];
        number = number * 128 + (b & 0x7f);
        if (number > 0xffffff) throw new DerError('tag too large');
      } while (b & 0x80);
    }
    if (pos >= end) throw new DerError('truncated length');
    let len = buf[pos++];
    let indefinite = false;
    if (len === 0x80) {
      indefinite = true;
      if (!(tag & 0x20)) throw new DerError('indefinite primitive');
    } else if (len & 0x80) {
      const nb = len & 0x7f;
      if (nb > 4 || pos + nb > end) throw new DerError('bad length');
      len = 0;
      for (let i = 0; i < nb; i++) len = len * 256 + buf[pos++];
    }
    const headerLength = pos - start;
    const node = {
      tag,
      cls: tag >> 6,
      constructed: (tag & 0x20) !== 0,
      number,
      start,
      headerLength,
      length: 0,
      end: 0,
      children: null,
      bytes: null,
      value: null,
    };
    if (indefinite) {
      node.children = [];
      for (;;) {
        if (pos + 2 > end) throw new DerError('unterminated indefinite length');
        if (buf[pos] === 0 && buf[pos + 1] === 0) {
          pos += 2;
          break;
        }
        const c = readNode(buf, pos, end, depth + 1);
        node.children.push(c);
        pos = c.end;
      }
      node.end = pos;
      node.length = pos - start - headerLength - 2;
      node.value = buf.subarray(start + headerLength, pos - 2);
    } else {
      if (pos + len > end) throw new DerError('length beyond end');
      node.length = len;
      node.end = pos + len;
      node.value = buf.subarray(pos, pos + len);
      if (node.constructed) {
        node.children = [];
        let p = pos;
        while (p < node.end) {
          const c = readNode(buf, p, node.end, depth + 1);
          node.children.push(c);
          p = c.end;
        }
      }
    }
    node.bytes = buf.subarray(start, node.end);
    return node;
  }

  function parse(buf) {
    if (!(buf instanceof Uint8Array)) buf = new Uint8Array(buf);
    const n = readNode(buf, 0, buf.length, 0);
    if (n.end !== buf.length) throw new DerError('trailing data');
    return n;
  }

  function expect(node, tag, what) {
    if (!node || node.tag !== tag) throw new DerError('expected ' + (what || 'tag 0x' + tag.toString(16)));
    return node;
  }

  function child(node, i, tag) {
    if (!node || !node.children || i >= node.children.length) throw new DerError('missing element');
    const c = node.children[i];
    if (tag !== undefined) expect(c, tag);
    return c;
  }

  // Contents of a (possibly BER-constructed) string type.
  function stringBytes(node) {
    if (!node.constructed) return node.value;
    return concat(node.children.map(stringBytes));
  }

  function readOid(node) {
    expect(node, T.OID, 'OID');
    const v = node.value;
    if (v.length === 0) throw new DerError('empty OID');
    const arcs = [];
    let n = 0;
    for (let i = 0; i < v.length; i++) {
      n = n * 128 + (v[i] & 0x7f);
      if (n > Number.MAX_SAFE_INTEGER / 256) throw new DerError('OID arc too large');
      if (!(v[i] & 0x80)) {
        if (arcs.length === 0) {
          const first = n < 80 ? Math.floor(n / 40) : 2;
          arcs.push(first, n - first * 40);
        } else arcs.push(n);
        n = 0;
      }
    }
    return arcs.join('.');
  }

  function readInt(node) {
    expect(node, T.INTEGER, 'INTEGER');
    let n = 0;
    const v = node.value;
    if (v.length > 6) throw new DerError('integer too large');
    for (const b of v) n = n * 256 + b;
    if (v.length && v[0] & 0x80) n -= Math.pow(256, v.length);
    return n;
  }

  function decodeString(node) {
    const v = stringBytes(node);
    switch (node.tag & 0xdf) {
      case T.BMPString: {
        let s = '';
        for (let i = 0; i + 1 < v.length; i += 2) s += String.fromCharCode((v[i] << 8) | v[i + 1]);
        return s;
      }
      case T.UniversalString: {
        let s = '';
        for (let i = 0; i + 3 < v.length; i += 4) {
          const cp = ((v[i] << 24) | (v[i + 1] << 16) | (v[i + 2] << 8) | v[i + 3]) >>> 0;
          s += cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
        }
        return s;
      }
      case T.PrintableString:
      case T.IA5String:
      case 0x12: // NumericString
      case 0x1a: // VisibleString
        return String.fromCharCode.apply(null, v);
      case T.TeletexString: // treated as Latin-1 unless it is valid UTF-8 (some CAs put UTF-8 here)
      default:
        return utf8dec.decode(v);
    }
  }

  function readTime(node) {
    const s = String.fromCharCode.apply(null, stringBytes(node));
    let m;
    if (node.tag === T.UTCTime) {
      m = /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)?(Z|[+-]\d{4})$/.exec(s);
      if (!m) throw new DerError('bad UTCTime');
      let y = +m[1];
      y += y < 50 ? 2000 : 1900;
      return makeDate(y, m[2], m[3], m[4], m[5], m[6] || '0', '', m[7]);
    }
    if (node.tag === T.GeneralizedTime) {
      m = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)?(?:[.,](\d+))?(Z|[+-]\d{4})?$/.exec(s);
      if (!m) throw new DerError('bad GeneralizedTime');
      return makeDate(+m[1], m[2], m[3], m[4], m[5], m[6] || '0', m[7] || '', m[8] || 'Z');
    }
    throw new DerError('expected a time');
  }

  function makeDate(y, mo, d, h, mi, s, frac, zone) {
    let t = Date.UTC(y, +mo - 1, +d, +h, +mi, +s, frac ? Math.round(+('0.' + frac) * 1000) : 0);
    if (zone && zone !== 'Z') {
      const sign = zone[0] === '-' ? -1 : 1;
      t -= sign * (+zone.slice(1, 3) * 60 + +zone.slice(3, 5)) * 60000;
    }
    return new Date(t);
  }

  // ---- writer ----

  function encodeLength(n) {
    if (n < 0x80) return Uint8Array.of(n);
    const out = [];
    while (n > 0) {
      out.unshift(n & 0xff);
      n = Math.floor(n / 256);
    }
    return Uint8Array.of(0x80 | out.length, ...out);
  }

  function tlv(tag, content) {
    content = content || new Uint8Array(0);
    return concat([Uint8Array.of(tag), encodeLength(content.length), content]);
  }

  const W = {
    seq: (...items) => tlv(T.SEQUENCE, concat(items.filter(Boolean))),
    // DER SET OF: elements sorted by their encodings.
    set: (...items) => tlv(T.SET, concat(items.filter(Boolean).slice().sort(compareBytes))),
    ctx: (n, content, constructed = true) => tlv((constructed ? 0xa0 : 0x80) | n, content),
    explicit: (n, ...items) => tlv(0xa0 | n, concat(items)),
    octets: (b) => tlv(T.OCTET_STRING, b),
    bits: (b, unused = 0) => tlv(T.BIT_STRING, concat([Uint8Array.of(unused), b])),
    nul: () => Uint8Array.of(0x05, 0x00),
    utf8: (s) => tlv(T.UTF8String, utf8.encode(s)),
    printable: (s) => tlv(T.PrintableString, Uint8Array.from(s, (c) => c.charCodeAt(0) & 0x7f)),
    raw: (b) => b,
    // Non-negative integer from big-endian magnitude bytes (or a JS number).
    int(v) {
      let b;
      if (typeof v === 'number') {
        if (v < 0 || !Number.isSafeInteger(v)) throw new Error('W.int: non-negative safe integers only');
        const a = [];
        do {
          a.unshift(v & 0xff);
          v = Math.floor(v / 256);
        } while (v > 0);
        b = Uint8Array.from(a);
      } else {
        let i = 0;
        while (i < v.length - 1 && v[i] === 0) i++;
        b = v.subarray(i);
        if (b.length === 0) b = Uint8Array.of(0);
      }
      if (b[0] & 0x80) b = concat([Uint8Array.of(0), b]);
      return tlv(T.INTEGER, b);
    },
    oid(dotted) {
      const arcs = dotted.split('.').map(Number);
      const out = [];
      const push = (n) => {
        const tmp = [n & 0x7f];
        n = Math.floor(n / 128);
        while (n > 0) {
          tmp.unshift(0x80 | (n & 0x7f));
          n = Math.floor(n / 128);
        }
        out.push(...tmp);
      };
      push(arcs[0] * 40 + arcs[1]);
      for (let i = 2; i < arcs.length; i++) push(arcs[i]);
      return tlv(T.OID, Uint8Array.from(out));
    },
    // UTCTime for 1950–2049, GeneralizedTime otherwise (RFC 5280 / RFC 5652 rule).
    time(date) {
      const y = date.getUTCFullYear();
      const p = (n) => String(n).padStart(2, '0');
      const rest =
        p(date.getUTCMonth() + 1) +
        p(date.getUTCDate()) +
        p(date.getUTCHours()) +
        p(date.getUTCMinutes()) +
        p(date.getUTCSeconds()) +
        'Z';
      if (y >= 1950 && y < 2050) return tlv(T.UTCTime, utf8.encode(p(y % 100) + rest));
      return tlv(T.GeneralizedTime, utf8.encode(String(y).padStart(4, '0') + rest));
    },
  };

  const der = { parse, readOid, readInt, readTime, decodeString, stringBytes, W, T, tlv, DerError };

  // ---------------------------------------------------------------------------------------------------------------
  // OIDs
  // ---------------------------------------------------------------------------------------------------------------

  const OID = {
    data: '1.2.840.113549.1.7.1',
    signedData: '1.2.840.113549.1.7.2',
    envelopedData: '1.2.840.113549.1.7.3',
    encryptedData: '1.2.840.113549.1.7.6',
    keyBag: '1.2.840.113549.1.12.10.1.1',
    shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
    certBag: '1.2.840.113549.1.12.10.1.3',
    safeContentsBag: '1.2.840.113549.1.12.10.1.6',
    x509Certificate: '1.2.840.113549.1.9.22.1',
    localKeyId: '1.2.840.113549.1.9.21',
    friendlyName: '1.2.840.113549.1.9.20',
    pbes2: '1.2.840.113549.1.5.13',
    pbkdf2: '1.2.840.113549.1.5.12',
    contentType: '1.2.840.113549.1.9.3',
    messageDigest: '1.2.840.113549.1.9.4',
    signingTime: '1.2.840.113549.1.9.5',
    signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
    sha1: '1.3.14.3.2.26',
    sha256: '2.16.840.1.101.3.4.2.1',
    sha384: '2.16.840.1.101.3.4.2.2',
    sha512: '2.16.840.1.101.3.4.2.3',
    rsaEncryption: '1.2.840.113549.1.1.1',
    rsassaPss: '1.2.840.113549.1.1.10',
    sha256WithRSA: '1.2.840.113549.1.1.11',
    ecPublicKey: '1.2.840.10045.2.1',
    ecdsaWithSHA256: '1.2.840.10045.4.3.2',
    p256: '1.2.840.10045.3.1.7',
    p384: '1.3.132.0.34',
    p521: '1.3.132.0.35',
    subjectDirectoryAttributes: '2.5.29.9',
    basicConstraints: '2.5.29.19',
    drfo: '1.2.804.2.1.1.1.11.1.4.1.1', // РНОКПП
    edrpou: '1.2.804.2.1.1.1.11.1.4.2.1', // ЄДРПОУ
  };

  const PRF = {
    '1.2.840.113549.2.7': 'SHA-1',
    '1.2.840.113549.2.9': 'SHA-256',
    '1.2.840.113549.2.10': 'SHA-384',
    '1.2.840.113549.2.11': 'SHA-512',
  };
  const AES = {
    '2.16.840.1.101.3.4.1.2': 128,
    '2.16.840.1.101.3.4.1.22': 192,
    '2.16.840.1.101.3.4.1.42': 256,
  };
  const DIGEST = {
    [OID.sha1]: 'SHA-1',
    [OID.sha256]: 'SHA-256',
    [OID.sha384]: 'SHA-384',
    [OID.sha512]: 'SHA-512',
    '2.16.840.1.101.3.4.2.4': 'SHA-224',
  };
  // KDF block size v (bytes) and output size u (bytes) per hash.
  const HASH_SIZES = { 'SHA-1': [64, 20], 'SHA-256': [64, 32], 'SHA-384': [128, 48], 'SHA-512': [128, 64] };

  const isLegacyPbe = (oid) =>
    oid.startsWith('1.2.840.113549.1.12.1.') || // pbeWithSHAAnd{RC4,3DES,2DES,RC2}
    /^1\.2\.840\.113549\.1\.5\.(1|3|4|6|10|11)$/.test(oid) || // PKCS#5 v1.5 PBES1
    oid === '1.2.840.113549.3.7' || // des-ede3-cbc (inside PBES2)
    oid === '1.2.840.113549.3.2' || // rc2-cbc
    oid === '1.3.14.3.2.7'; // des-cbc
  const isDstu = (oid) => oid.startsWith('1.2.804.2.1.1.1.1.'); // DSTU 4145, GOST 28147, GOST 34.311, Kupyna…

  // ---------------------------------------------------------------------------------------------------------------
  // X.509 certificate
  // ---------------------------------------------------------------------------------------------------------------

  const NAME_ATTRS = {
    '2.5.4.3': 'commonName',
    '2.5.4.4': 'surname',
    '2.5.4.42': 'givenName',
    '2.5.4.5': 'serialNumber',
    '2.5.4.6': 'countryName',
    '2.5.4.7': 'localityName',
    '2.5.4.8': 'stateOrProvinceName',
    '2.5.4.10': 'organizationName',
    '2.5.4.11': 'organizationalUnitName',
    '2.5.4.12': 'title',
    '2.5.4.97': 'organizationIdentifier',
    '1.2.840.113549.1.9.1': 'emailAddress',
  };

  function readName(node) {
    expect(node, T.SEQUENCE, 'Name');
    const out = {};
    for (const rdn of node.children) {
      for (const atv of rdn.children || []) {
        const type = readOid(child(atv, 0));
        const key = NAME_ATTRS[type] || type;
        let val;
        try {
          val = decodeString(child(atv, 1));
        } catch (_) {
          continue;
        }
        if (out[key] === undefined) out[key] = val;
      }
    }
    return out;
  }

  function rnokppFromSerial(s) {
    if (!s) return null;
    const m = /^(?:TINUA-?)?(\d{10})$/i.exec(String(s).trim());
    return m ? m[1] : null;
  }

  function parseCertificate(bytes) {
    const cert = parse(bytes);
    const tbs = child(cert, 0, T.SEQUENCE);
    let i = 0;
    let version = 1;
    if (tbs.children[0] && tbs.children[0].tag === 0xa0) {
      version = readInt(child(tbs.children[0], 0)) + 1;
      i = 1;
    }
    const serial = child(tbs, i, T.INTEGER);
    const issuerNode = child(tbs, i + 2, T.SEQUENCE);
    const validity = child(tbs, i + 3, T.SEQUENCE);
    const subjectNode = child(tbs, i + 4, T.SEQUENCE);
    const spki = child(tbs, i + 5, T.SEQUENCE);
    const spkiAlg = child(spki, 0, T.SEQUENCE);
    const keyOid = readOid(child(spkiAlg, 0));
    let curveOid = null;
    if (spkiAlg.children[1] && spkiAlg.children[1].tag === T.OID) curveOid = readOid(spkiAlg.children[1]);
    const subject = readName(subjectNode);
    const extensions = {};
    let isCA = false;
    for (let j = i + 6; j < tbs.children.length; j++) {
      const e = tbs.children[j];
      if (e.tag !== 0xa3) continue;
      for (const ext of child(e, 0, T.SEQUENCE).children) {
        const id = readOid(child(ext, 0));
        const value = ext.children[ext.children.length - 1];
        extensions[id] = stringBytes(expect(value, T.OCTET_STRING));
      }
    }
    // subjectDirectoryAttributes: SEQUENCE OF Attribute { type, SET OF value }
    const dirAttrs = {};
    if (extensions[OID.subjectDirectoryAttributes]) {
      try {
        for (const attr of parse(extensions[OID.subjectDirectoryAttributes]).children) {
          const id = readOid(child(attr, 0));
          const vals = child(attr, 1);
          if (vals.children && vals.children.length) dirAttrs[id] = decodeString(vals.children[0]).trim();
        }
      } catch (_) {
        /* a malformed extension yields no attributes */
      }
    }
    if (extensions[OID.basicConstraints]) {
      try {
        const bc = parse(extensions[OID.basicConstraints]);
        isCA = !!(bc.children[0] && bc.children[0].tag === T.BOOLEAN && bc.children[0].value[0]);
      } catch (_) {
        /* ignore */
      }
    }
    // keyUsage: the first byte of the BIT STRING (digitalSignature 0x80, nonRepudiation 0x40, …), null if absent.
    let keyUsage = null;
    if (extensions['2.5.29.15']) {
      try {
        const ku = parse(extensions['2.5.29.15']);
        keyUsage = ku.tag === T.BIT_STRING && ku.value.length > 1 ? ku.value[1] : 0;
      } catch (_) {
        keyUsage = 0;
      }
    }
    let rnokpp = null;
    if (dirAttrs[OID.drfo] && /^\d{8,10}$/.test(dirAttrs[OID.drfo].replace(/\s/g, ''))) {
      rnokpp = dirAttrs[OID.drfo].replace(/\s/g, '');
    }
    if (!rnokpp) rnokpp = rnokppFromSerial(subject.serialNumber);
    return {
      der: cert.bytes,
      version,
      serialNumber: toHex(serial.value),
      serialDer: serial.bytes,
      issuerDer: issuerNode.bytes,
      subjectDer: subjectNode.bytes,
      issuer: readName(issuerNode),
      subject: {
        commonName: subject.commonName || null,
        surname: subject.surname || null,
        givenName: subject.givenName || null,
        serialNumber: subject.serialNumber || null,
        organizationName: subject.organizationName || null,
        title: subject.title || null,
        countryName: subject.countryName || null,
        localityName: subject.localityName || null,
        rnokpp,
        edrpou: dirAttrs[OID.edrpou] || null,
      },
      notBefore: readTime(child(validity, 0)),
      notAfter: readTime(child(validity, 1)),
      spki: spki.bytes,
      keyAlgorithm: keyOid,
      curve: curveOid,
      isCA,
      keyUsage,
      selfIssued: bytesEqual(issuerNode.bytes, subjectNode.bytes),
    };
  }

  // ---------------------------------------------------------------------------------------------------------------
  // PKCS#12 key derivation (PKCS#12 v1.0 Appendix B) — used for the MAC only
  // ---------------------------------------------------------------------------------------------------------------

  function bmpPassword(password) {
    // BMPString, big-endian UTF-16, with two zero bytes at the end (empty password → just 00 00).
    const out = new Uint8Array(password.length * 2 + 2);
    for (let i = 0; i < password.length; i++) {
      const c = password.charCodeAt(i);
      out[2 * i] = c >> 8;
      out[2 * i + 1] = c & 0xff;
    }
    return out;
  }

  function repeatTo(src, len) {
    const out = new Uint8Array(len);
    if (src.length === 0) return out;
    for (let i = 0; i < len; i++) out[i] = src[i % src.length];
    return out;
  }

  async function pkcs12Kdf(hash, passwordBmp, salt, id, iterations, n) {
    const [v, u] = HASH_SIZES[hash];
    const D = new Uint8Array(v).fill(id);
    const S = repeatTo(salt, v * Math.ceil(salt.length / v));
    const P = repeatTo(passwordBmp, v * Math.ceil(passwordBmp.length / v));
    const I = concat([S, P]);
    const c = Math.ceil(n / u);
    const out = new Uint8Array(c * u);
    for (let i = 0; i < c; i++) {
      let A = new Uint8Array(await subtle.digest(hash, concat([D, I])));
      for (let r = 1; r < iterations; r++) A = new Uint8Array(await subtle.digest(hash, A));
      out.set(A, i * u);
      if (i + 1 < c) {
        const B = repeatTo(A, v);
        for (let j = 0; j < I.length; j += v) {
          let carry = 1;
          for (let k = v - 1; k >= 0; k--) {
            const x = I[j + k] + B[k] + carry;
            I[j + k] = x & 0xff;
            carry = x >> 8;
          }
        }
      }
    }
    return out.subarray(0, n);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // PBES2 decryption
  // ---------------------------------------------------------------------------------------------------------------

  function checkAlgorithm(algId) {
    const oid = readOid(child(algId, 0));
    if (isDstu(oid)) fail('unsupported_dstu', oid);
    if (isLegacyPbe(oid)) fail('legacy_pkcs12', oid);
    if (oid !== OID.pbes2) fail('unsupported_pkcs12', 'encryption ' + oid);
    const params = child(algId, 1, T.SEQUENCE);
    const kdf = child(params, 0, T.SEQUENCE);
    const enc = child(params, 1, T.SEQUENCE);
    const kdfOid = readOid(child(kdf, 0));
    const encOid = readOid(child(enc, 0));
    if (isDstu(kdfOid) || isDstu(encOid)) fail('unsupported_dstu', encOid);
    if (isLegacyPbe(encOid)) fail('legacy_pkcs12', encOid);
    if (kdfOid !== OID.pbkdf2) fail('unsupported_pkcs12', 'kdf ' + kdfOid);
    const kp = child(kdf, 1, T.SEQUENCE);
    const salt = stringBytes(child(kp, 0, T.OCTET_STRING));
    const iterations = readInt(child(kp, 1));
    let keyLength = null;
    let prf = 'SHA-1';
    for (let k = 2; k < kp.children.length; k++) {
      const c = kp.children[k];
      if (c.tag === T.INTEGER) keyLength = readInt(c);
      else if (c.tag === T.SEQUENCE) {
        const p = readOid(child(c, 0));
        if (isDstu(p)) fail('unsupported_dstu', p);
        prf = PRF[p];
        if (!prf) fail('unsupported_pkcs12', 'prf ' + p);
      }
    }
    const bits = AES[encOid];
    if (!bits) fail('unsupported_pkcs12', 'cipher ' + encOid);
    if (keyLength !== null && keyLength * 8 !== bits) fail('unsupported_pkcs12', 'key length');
    if (iterations < 1 || iterations > 10000000) fail('unsupported_pkcs12', 'iterations');
    const iv = stringBytes(child(enc, 1, T.OCTET_STRING));
    if (iv.length !== 16) fail('unsupported_pkcs12', 'iv');
    return { salt, iterations, prf, bits, iv };
  }

  async function pbes2Decrypt(p, passwordUtf8, ciphertext) {
    const base = await subtle.importKey('raw', passwordUtf8, 'PBKDF2', false, ['deriveKey']);
    const key = await subtle.deriveKey(
      { name: 'PBKDF2', salt: p.salt, iterations: p.iterations, hash: p.prf },
      base,
      { name: 'AES-CBC', length: p.bits },
      false,
      ['decrypt'],
    );
    try {
      return new Uint8Array(await subtle.decrypt({ name: 'AES-CBC', iv: p.iv }, key, ciphertext));
    } catch (_) {
      // Bad padding: the password is wrong (or the file is damaged).
      fail('wrong_password');
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Private keys
  // ---------------------------------------------------------------------------------------------------------------

  function keyInfo(pkcs8) {
    let n;
    try {
      n = parse(pkcs8);
    } catch (_) {
      fail('wrong_password');
    }
    const alg = child(n, 1, T.SEQUENCE);
    const oid = readOid(child(alg, 0));
    if (isDstu(oid)) fail('unsupported_dstu', oid);
    if (oid === OID.rsaEncryption) return { kind: 'RSA', node: n };
    if (oid === OID.ecPublicKey) {
      const p = alg.children[1];
      if (!p || p.tag !== T.OID) fail('unsupported_algorithm', 'explicit EC parameters');
      const curve = readOid(p);
      if (curve === OID.p256) return { kind: 'ECDSA-P256', namedCurve: 'P-256', node: n, curveOid: curve };
      if (curve === OID.p384) return { kind: 'ECDSA-P384', namedCurve: 'P-384', node: n, curveOid: curve };
      fail('unsupported_algorithm', 'curve ' + curve);
    }
    fail('unsupported_algorithm', oid);
  }

  function importParams(info) {
    return info.kind === 'RSA'
      ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }
      : { name: 'ECDSA', namedCurve: info.namedCurve };
  }

  // Rebuild an EC PKCS#8 with the public key (from the certificate) inside ECPrivateKey, for engines that refuse
  // keys without it.
  function ecPkcs8WithPublicKey(info, publicPoint) {
    const n = info.node;
    const ecpk = parse(stringBytes(child(n, 2, T.OCTET_STRING)));
    const parts = ecpk.children.filter((c) => c.tag !== 0xa1).map((c) => c.bytes);
    const inner = W.seq(...parts, W.explicit(1, W.bits(publicPoint)));
    return W.seq(W.int(0), child(n, 1).bytes, W.octets(inner));
  }

  function ecHasPublicKey(info) {
    try {
      const ecpk = parse(stringBytes(child(info.node, 2, T.OCTET_STRING)));
      return ecpk.children.some((c) => c.tag === 0xa1);
    } catch (_) {
      return false;
    }
  }

  function spkiPublicPoint(spkiDer) {
    const bits = child(parse(spkiDer), 1, T.BIT_STRING).value;
    return bits.subarray(1);
  }

  async function importPrivateKey(info, pkcs8, candidateCerts) {
    const params = importParams(info);
    try {
      return await subtle.importKey('pkcs8', pkcs8, params, false, ['sign']);
    } catch (e) {
      if (info.kind === 'RSA' || ecHasPublicKey(info)) throw e;
      // EC key without its public key: try each certificate's public point.
      for (const c of candidateCerts) {
        if (c.curve !== info.curveOid) continue;
        try {
          const fixed = ecPkcs8WithPublicKey(info, spkiPublicPoint(c.spki));
          return await subtle.importKey('pkcs8', fixed, params, false, ['sign']);
        } catch (_) {
          /* next */
        }
      }
      throw e;
    }
  }

  async function keyMatchesCert(privateKey, info, cert) {
    const wantOid = info.kind === 'RSA' ? OID.rsaEncryption : OID.ecPublicKey;
    if (cert.keyAlgorithm !== wantOid) return false;
    if (info.kind !== 'RSA' && cert.curve !== info.curveOid) return false;
    try {
      const params = importParams(info);
      const pub = await subtle.importKey('spki', cert.spki, params, false, ['verify']);
      const probe = utf8.encode('ekrov key check');
      const sp = info.kind === 'RSA' ? params : { name: 'ECDSA', hash: 'SHA-256' };
      const sig = await subtle.sign(sp, privateKey, probe);
      return await subtle.verify(sp, pub, sig, probe);
    } catch (_) {
      return false;
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Content detection
  // ---------------------------------------------------------------------------------------------------------------

  const IIT_STORE_OID = Uint8Array.of(0x06, 0x0c, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x81, 0x97, 0x46, 0x01, 0x01, 0x01, 0x02); // 1.3.6.1.4.1.19398.1.1.1.2

  function contains(hay, needle) {
    outer: for (let i = 0; i + needle.length <= hay.length; i++) {
      for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
      return true;
    }
    return false;
  }

  function classify(bytes, fileName) {
    const name = (fileName || '').toLowerCase();
    const feedfeed = (o) => bytes.length >= o + 4 && bytes[o] === 0xfe && bytes[o + 1] === 0xed && bytes[o + 2] === 0xfe && bytes[o + 3] === 0xed;
    if (feedfeed(0)) return { kind: 'jks', offset: 0 };
    // Some PrivatBank key files carry 6 bytes before the JKS (jkurwa's loader skips them too).
    if (bytes[0] === 0x51 && feedfeed(6)) return { kind: 'jks', offset: 6 };
    if (bytes.length >= 4 && bytes[0] === 0xce && bytes[1] === 0xce && bytes[2] === 0xce && bytes[3] === 0xce) {
      return { kind: 'jks' }; // JCEKS
    }
    // PEM-armoured PKCS#12 is rare but harmless to accept.
    const head = String.fromCharCode.apply(null, bytes.subarray(0, Math.min(bytes.length, 64)));
    if (/-----BEGIN [A-Z0-9 ]+-----/.test(head)) {
      const text = utf8dec.decode(bytes);
      const m = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/.exec(text);
      if (m) {
        try {
          return classify(base64Decode(m[2].replace(/^[A-Za-z-]+:.*$/gm, '')), fileName);
        } catch (_) {
          /* fall through */
        }
      }
    }
    let root = null;
    try {
      root = parse(bytes);
    } catch (_) {
      return { kind: 'unknown' };
    }
    if (contains(bytes, IIT_STORE_OID)) return { kind: 'key6-iit', root };
    if (root.tag === T.SEQUENCE && root.children.length >= 2) {
      const c0 = root.children[0];
      const c1 = root.children[1];
      // PFX: version 3, authSafe ContentInfo.
      if (c0.tag === T.INTEGER && c1.tag === T.SEQUENCE && c0.value.length === 1 && c0.value[0] === 3) {
        return { kind: 'pfx', root };
      }
      // EncryptedPrivateKeyInfo: AlgorithmIdentifier, OCTET STRING
      if (c0.tag === T.SEQUENCE && c1.tag === T.OCTET_STRING && root.children.length === 2) {
        let oid = '';
        try {
          oid = readOid(child(c0, 0));
        } catch (_) {
          /* ignore */
        }
        // Key-6.dat files of IIT are also PBES2-wrapped with GOST algorithms.
        if (contains(c0.bytes, Uint8Array.of(0x2a, 0x86, 0x24, 0x02, 0x01, 0x01, 0x01, 0x01, 0x01)) || /\.dat$/.test(name)) {
          return { kind: 'key6', root };
        }
        if (oid.startsWith('1.3.6.1.4.1.19398.')) return { kind: 'key6' };
        return { kind: 'pkcs8-encrypted', root, oid };
      }
      // PrivateKeyInfo: INTEGER 0, AlgorithmIdentifier, OCTET STRING
      if (c0.tag === T.INTEGER && c1.tag === T.SEQUENCE && root.children.length >= 3) return { kind: 'pkcs8', root };
    }
    return { kind: 'unknown' };
  }

  // ---------------------------------------------------------------------------------------------------------------
  // openPkcs12
  // ---------------------------------------------------------------------------------------------------------------

  function attributesOf(bag) {
    const attrs = {};
    const set = bag.children[2];
    if (!set || set.tag !== T.SET) return attrs;
    for (const a of set.children) {
      try {
        const id = readOid(child(a, 0));
        const vals = child(a, 1, T.SET);
        if (!vals.children.length) continue;
        const v = vals.children[0];
        if (id === OID.localKeyId) attrs.localKeyId = stringBytes(v);
        else if (id === OID.friendlyName) attrs.friendlyName = decodeString(v);
      } catch (_) {
        /* ignore odd attributes */
      }
    }
    return attrs;
  }

  // Walk SafeContents collecting bags (encrypted ones are handled after the MAC check).
  function collectBags(safeContents, out, depth) {
    if (depth > 4) fail('unsupported_pkcs12', 'nesting');
    for (const bag of expect(safeContents, T.SEQUENCE).children) {
      const id = readOid(child(bag, 0));
      const value = child(bag, 1, 0xa0).children[0];
      const attrs = attributesOf(bag);
      if (id === OID.certBag) {
        const certType = readOid(child(value, 0));
        if (certType !== OID.x509Certificate) continue;
        out.certs.push({ der: stringBytes(child(child(value, 1, 0xa0), 0, T.OCTET_STRING)), attrs });
      } else if (id === OID.shroudedKeyBag) {
        const alg = child(value, 0, T.SEQUENCE);
        out.pending.push({ type: 'key', alg, params: checkAlgorithm(alg), data: stringBytes(child(value, 1)), attrs });
      } else if (id === OID.keyBag) {
        out.keys.push({ pkcs8: value.bytes, attrs });
      } else if (id === OID.safeContentsBag) {
        collectBags(value, out, depth + 1);
      }
    }
  }

  async function verifyMac(macData, authSafeContent, password) {
    const digestInfo = child(macData, 0, T.SEQUENCE);
    const algOid = readOid(child(child(digestInfo, 0, T.SEQUENCE), 0));
    if (isDstu(algOid)) fail('unsupported_dstu', algOid);
    if (algOid === '1.2.840.113549.1.5.14') fail('unsupported_pkcs12', 'PBMAC1'); // PBMAC1 (OpenSSL 3.4+ option)
    const hash = DIGEST[algOid];
    if (!hash || !HASH_SIZES[hash]) fail('unsupported_pkcs12', 'mac ' + algOid);
    const expected = stringBytes(child(digestInfo, 1, T.OCTET_STRING));
    const salt = stringBytes(child(macData, 1, T.OCTET_STRING));
    const iterations = macData.children[2] ? readInt(macData.children[2]) : 1;
    if (iterations < 1 || iterations > 10000000) fail('unsupported_pkcs12', 'mac iterations');
    const u = HASH_SIZES[hash][1];
    const attempt = async (pwBytes) => {
      const keyBytes = await pkcs12Kdf(hash, pwBytes, salt, 3, iterations, u);
      const key = await subtle.importKey('raw', keyBytes, { name: 'HMAC', hash }, false, ['verify']);
      return subtle.verify('HMAC', key, expected, authSafeContent);
    };
    let ok = await attempt(bmpPassword(password));
    // As OpenSSL does: an empty password may also have been applied as "no password" (no BMPString terminator).
    if (!ok && password === '') ok = await attempt(new Uint8Array(0));
    if (!ok) fail('wrong_password');
    return hash;
  }

  async function openPkcs12(bytes, password, options) {
    try {
      return await openPkcs12Inner(bytes, password, options);
    } catch (e) {
      if (e instanceof KepError) throw e;
      // Whatever else went wrong is reported as a typed error, never as a raw exception.
      if (e instanceof DerError) fail('not_a_key_file', e.message);
      fail('unsupported_pkcs12', String((e && e.message) || e));
    }
  }

  // DSTU 4145 containers go to kep-dstu-keys.js (with kep-gost.js and kep-dstu4145.js); null for anything else.
  async function openDstu(found, bytes, password, options) {
    const dstu = dstuKeys();
    // found.root is the decoded DER when the file was PEM.
    const der = found.root ? found.root.bytes : bytes;
    const isDstuFile = contains(der, dstu ? dstu.DSTU_ARC : Uint8Array.of(0x2a, 0x86, 0x24, 0x02, 0x01, 0x01, 0x01, 0x01));
    if (found.kind === 'jks' || found.kind === 'key6-iit' || (found.root && isDstuFile)) {
      if (!dstu) fail({ jks: 'unsupported_jks', 'key6-iit': 'unsupported_key6' }[found.kind] || 'unsupported_dstu');
    } else return null;
    let opened;
    if (found.kind === 'jks') opened = await dstu.openJks(bytes.subarray(found.offset), password);
    else if (found.kind === 'key6-iit') opened = dstu.openIitStore(found.root, password);
    else if (found.kind === 'pfx') opened = dstu.openPfx(found.root, password);
    else if (found.kind === 'pkcs8') opened = { keys: dstu.readDstuKeys(found.root.bytes), certs: [] };
    else if (found.kind === 'key6' || found.kind === 'pkcs8-encrypted') opened = dstu.openEncryptedPkcs8(found.root, password);
    else return null;
    if (!opened.keys.length && opened.foreign) {
      const extra = ((options && options.certificates) || []).map(unarmour);
      const certs = opened.certs.concat(extra).map((der) => ({ der, attrs: {} }));
      if (!certs.length) fail('need_certificate');
      return finishWebCrypto({ pkcs8: opened.foreign[0], attrs: {} }, certs);
    }
    return dstu.buildKey(opened, options);
  }

  let dstuModule;
  function dstuKeys() {
    if (dstuModule !== undefined) return dstuModule;
    let m = root.EkrovDstuKeys;
    if (!m && typeof module === 'object' && module && module.exports) m = require('./kep-dstu-keys.js');
    const helpers = { der, fail, concat, bytesEqual, parseCertificate, OID, utf8, bmpPassword, unarmour, subtle: () => subtle };
    dstuModule = m ? Object.assign(m.install(helpers), { DSTU_ARC: m.DSTU_ARC }) : null;
    return dstuModule;
  }

  // A certificate file may be PEM or DER.
  function unarmour(bytes) {
    if (!(bytes instanceof Uint8Array)) bytes = new Uint8Array(bytes);
    if (bytes[0] === 0x30) return bytes;
    const m = /-----BEGIN [A-Z0-9 ]+-----([\s\S]*?)-----END/.exec(utf8dec.decode(bytes));
    return m ? base64Decode(m[1]) : bytes;
  }

  async function openPkcs12Inner(bytes, password, options) {
    options = options || {};
    if (!subtle) fail('no_webcrypto');
    if (!(bytes instanceof Uint8Array)) bytes = new Uint8Array(bytes);
    password = String(password == null ? '' : password);
    const found = classify(bytes, options.fileName);
    const dstuOpened = await openDstu(found, bytes, password, options);
    if (dstuOpened) return dstuOpened;
    if (found.kind === 'jks') fail('unsupported_jks');
    if (found.kind === 'key6') fail('unsupported_key6');
    if (found.kind === 'pkcs8-encrypted' || found.kind === 'pkcs8') fail('no_certificate', 'PKCS#8 without a certificate');
    if (found.kind !== 'pfx') fail('not_a_key_file');

    let out;
    let authSafeContent;
    let macData;
    try {
      const pfx = found.root;
      const authSafe = child(pfx, 1, T.SEQUENCE);
      const ctype = readOid(child(authSafe, 0));
      if (ctype === OID.signedData) fail('unsupported_pkcs12', 'public-key integrity mode');
      if (ctype !== OID.data) fail('unsupported_pkcs12', 'authSafe ' + ctype);
      authSafeContent = stringBytes(child(child(authSafe, 1, 0xa0), 0, T.OCTET_STRING));
      macData = pfx.children[2] && pfx.children[2].tag === T.SEQUENCE ? pfx.children[2] : null;
      out = { certs: [], keys: [], pending: [] };
      const infos = parse(authSafeContent);
      for (const ci of expect(infos, T.SEQUENCE).children) {
        const t = readOid(child(ci, 0));
        if (t === OID.data) {
          collectBags(parse(stringBytes(child(child(ci, 1, 0xa0), 0, T.OCTET_STRING))), out, 0);
        } else if (t === OID.encryptedData) {
          const ed = child(child(ci, 1, 0xa0), 0, T.SEQUENCE);
          const eci = child(ed, 1, T.SEQUENCE);
          const alg = child(eci, 1, T.SEQUENCE);
          const params = checkAlgorithm(alg);
          const enc = eci.children[2];
          if (!enc || (enc.tag !== 0x80 && enc.tag !== 0xa0)) fail('unsupported_pkcs12', 'no encrypted content');
          out.pending.push({ type: 'safe', params, data: stringBytes(enc) });
        } else if (t === OID.envelopedData) {
          fail('unsupported_pkcs12', 'public-key privacy mode');
        }
      }
    } catch (e) {
      if (e instanceof KepError) throw e;
      fail('not_a_key_file', String(e && e.message));
    }

    // Integrity first: a wrong password fails here, before any decryption.
    if (macData) await verifyMac(macData, authSafeContent, password);

    const pw = utf8.encode(password);
    // Decrypt encrypted SafeContents (may reveal more key bags to decrypt).
    for (let round = 0; round < 3 && out.pending.length; round++) {
      const pending = out.pending;
      out.pending = [];
      for (const item of pending) {
        const plain = await pbes2Decrypt(item.params, pw, item.data);
        if (item.type === 'safe') {
          try {
            collectBags(parse(plain), out, 0);
          } catch (e) {
            if (e instanceof KepError) throw e;
            fail('wrong_password');
          }
        } else out.keys.push({ pkcs8: plain, attrs: item.attrs });
      }
    }
    if (!out.keys.length) fail('no_private_key');

    return finishWebCrypto(out.keys[0], out.certs);
  }

  // keyEntry: {pkcs8, attrs}; certEntries: [{der, attrs}] -> KepKey with a non-extractable WebCrypto key.
  async function finishWebCrypto(keyEntry, certEntries) {
    const certs = [];
    for (const c of certEntries) {
      try {
        // A copy: the page wipes the key file's bytes once the key is open, and a plain cert bag points into them.
        certs.push(Object.assign(parseCertificate(Uint8Array.from(c.der)), { attrs: c.attrs }));
      } catch (_) {
        /* skip unparseable certificates */
      }
    }

    const info = keyInfo(keyEntry.pkcs8);
    const lkid = keyEntry.attrs.localKeyId;
    // Candidates: the certificate with the same localKeyId first, then end-entity certificates, then the rest.
    const ordered = certs.slice().sort((a, b) => score(b) - score(a));
    function score(c) {
      let s = 0;
      if (lkid && c.attrs.localKeyId && bytesEqual(lkid, c.attrs.localKeyId)) s += 4;
      if (!c.isCA) s += 2;
      return s;
    }
    let privateKey;
    try {
      privateKey = await importPrivateKey(info, keyEntry.pkcs8, ordered);
    } catch (e) {
      if (e instanceof KepError) throw e;
      fail('unsupported_algorithm', String(e && e.message));
    }
    let signer = null;
    for (const c of ordered) {
      if (await keyMatchesCert(privateKey, info, c)) {
        signer = c;
        break;
      }
    }
    if (!signer) fail('no_certificate');

    const chain = certs.filter((c) => c !== signer).map((c) => c.der);
    return {
      certificate: signer.der,
      chain,
      privateKey,
      algorithm: info.kind,
      subject: signer.subject,
      issuer: signer.issuer,
      notBefore: signer.notBefore,
      notAfter: signer.notAfter,
      serialNumber: signer.serialNumber,
      friendlyName: keyEntry.attrs.friendlyName || signer.attrs.friendlyName || null,
      _cert: signer,
    };
  }

  // ---------------------------------------------------------------------------------------------------------------
  // CMS SignedData (detached, CAdES-BES)
  // ---------------------------------------------------------------------------------------------------------------

  // WebCrypto ECDSA gives r‖s; CMS wants SEQUENCE { INTEGER r, INTEGER s }.
  function ecdsaRawToDer(raw) {
    const half = raw.length / 2;
    return W.seq(W.int(raw.subarray(0, half)), W.int(raw.subarray(half)));
  }

  function algId(oid, withNull) {
    return withNull ? W.seq(W.oid(oid), W.nul()) : W.seq(W.oid(oid));
  }

  function attribute(oid, value) {
    return W.seq(W.oid(oid), W.set(value));
  }

  async function signDetached(key, content, options) {
    options = options || {};
    if (!subtle) fail('no_webcrypto');
    if (!(content instanceof Uint8Array)) content = new Uint8Array(content);
    if (key.algorithm === 'DSTU4145') return dstuKeys().signCms(key, content, options);
    const cert = key._cert || parseCertificate(key.certificate);
    const signingTime = options.signingTime || new Date();
    const digest = new Uint8Array(await subtle.digest('SHA-256', content));
    const sha256 = algId(OID.sha256, false);

    const attrs = [
      attribute(OID.contentType, W.oid(OID.data)),
      attribute(OID.signingTime, W.time(signingTime)),
      attribute(OID.messageDigest, W.octets(digest)),
    ];
    if (options.cades !== false) {
      // ESS signing-certificate-v2 (RFC 5035), which CAdES-BES requires: SHA-256 of the signer's certificate
      // (hashAlgorithm omitted = sha256 by default) and its issuer + serial number.
      const certHash = new Uint8Array(await subtle.digest('SHA-256', cert.der));
      const issuerSerial = W.seq(W.seq(W.explicit(4, cert.issuerDer)), cert.serialDer);
      attrs.push(attribute(OID.signingCertificateV2, W.seq(W.seq(W.seq(W.octets(certHash), issuerSerial)))));
    }
    // The signature covers the DER of the attributes as a SET OF (tag 0x31), sorted; the SignerInfo carries the
    // same content under [0] IMPLICIT (tag 0xA0).
    const signedAttrsSet = W.set(...attrs);
    const signedAttrsContent = signedAttrsSet.subarray(signedAttrsSet.length - setContentLength(signedAttrsSet));

    let sigAlg;
    let signature;
    if (key.algorithm === 'RSA') {
      sigAlg = algId(OID.sha256WithRSA, true);
      signature = new Uint8Array(await subtle.sign({ name: 'RSASSA-PKCS1-v1_5' }, key.privateKey, signedAttrsSet));
    } else if (key.algorithm === 'ECDSA-P256' || key.algorithm === 'ECDSA-P384') {
      sigAlg = algId(OID.ecdsaWithSHA256, false);
      const raw = new Uint8Array(await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key.privateKey, signedAttrsSet));
      signature = ecdsaRawToDer(raw);
    } else fail('unsupported_algorithm', key.algorithm);

    const signerInfo = W.seq(
      W.int(1),
      W.seq(cert.issuerDer, cert.serialDer),
      sha256,
      tlv(0xa0, signedAttrsContent),
      sigAlg,
      W.octets(signature),
    );
    // certificates [0] IMPLICIT SET OF Certificate: the signer's first, then the chain (order kept as given).
    const certificates = tlv(0xa0, concat([key.certificate, ...(key.chain || [])]));
    const signedData = W.seq(W.int(1), W.set(sha256), W.seq(W.oid(OID.data)), certificates, W.set(signerInfo));
    return W.seq(W.oid(OID.signedData), W.explicit(0, signedData));
  }

  function setContentLength(tlvBytes) {
    const n = readNode(tlvBytes, 0, tlvBytes.length, 0);
    return n.length;
  }

  // ---------------------------------------------------------------------------------------------------------------

  const api = {
    openPkcs12,
    signDetached,
    parseCertificate,
    classify: (bytes, fileName) => classify(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes), fileName).kind,
    KepError,
    MESSAGES,
    der,
    OID,
    pkcs12Kdf,
    bmpPassword,
    dstuKeys: () => dstuKeys(),
    ecdsaRawToDer,
    base64Encode,
    base64Decode,
    version: '1',
  };

  root.EkrovKep = api;
  if (typeof module === 'object' && module && module.exports) module.exports = api;
})(typeof globalThis !== 'undefined' ? globalThis : typeof window !== 'undefined' ? window : this);
