'use strict';
// Test-only reader of a DSTU 4145 CMS SignedData, to check what the browser signer produced (and the fixtures):
// returns the reasons it is not valid (an empty list when it is).
const G = require('../../assets/kep-gost.js');
const K = require('../../assets/kep-signer.js');

const { parse, readOid } = K.der;
const hex = (b) => Buffer.from(b).toString('hex');

function verifyDstuCms(bytes, detachedContent) {
  const problems = [];
  const ci = parse(bytes);
  if (readOid(ci.children[0]) !== '1.2.840.113549.1.7.2') return ['not SignedData'];
  const sd = ci.children[1].children[0];
  const [version, digestAlgs, encap] = sd.children;
  if (version.value[0] !== 1) problems.push('version');
  if (readOid(digestAlgs.children[0].children[0]) !== '1.2.804.2.1.1.1.1.2.1') problems.push('digestAlgorithms');
  const eContent = encap.children[1] ? encap.children[1].children[0].value : null;
  const content = eContent || detachedContent;
  if (!content) return problems.concat(['no content']);
  const certs = sd.children.find((c) => c.tag === 0xa0).children.map((c) => K.parseCertificate(c.bytes));
  const si = sd.children[sd.children.length - 1].children[0];
  const [, sid, digestAlg, attrs, sigAlg, sigValue] = si.children;
  const cert = certs.find(
    (c) => hex(c.issuerDer) === hex(sid.children[0].bytes) && hex(c.serialDer) === hex(sid.children[1].bytes),
  );
  if (!cert) return problems.concat(['signer certificate not in the CMS']);
  if (readOid(digestAlg.children[0]) !== '1.2.804.2.1.1.1.1.2.1') problems.push('digestAlgorithm');
  if (readOid(sigAlg.children[0]) !== '1.2.804.2.1.1.1.1.3.1.1') problems.push('signatureAlgorithm');
  const byOid = {};
  for (const a of attrs.children) byOid[readOid(a.children[0])] = a.children[1].children[0];
  if (!byOid['1.2.840.113549.1.9.3'] || readOid(byOid['1.2.840.113549.1.9.3']) !== '1.2.840.113549.1.7.1')
    problems.push('contentType');
  if (!byOid['1.2.840.113549.1.9.5']) problems.push('signingTime');
  const md = byOid['1.2.840.113549.1.9.4'];
  if (!md || hex(md.value) !== hex(G.hash(content))) problems.push('messageDigest');
  const scv2 = byOid['1.2.840.113549.1.9.16.2.47'];
  const essId = scv2 && scv2.children[0].children[0];
  if (
    !essId ||
    readOid(essId.children[0].children[0]) !== '1.2.804.2.1.1.1.1.2.1' ||
    hex(essId.children[1].value) !== hex(G.hash(cert.der))
  ) {
    problems.push('signingCertificateV2');
  }
  // The signature covers the attributes as received, with the [0] tag read as SET.
  const signed = Uint8Array.from(attrs.bytes);
  signed[0] = 0x31;
  const { curve, pub } = K.dstuKeys().certKey(cert);
  let ok = false;
  try {
    ok = curve.verify(G.hash(signed), sigValue.value, curve.decompress(pub));
  } catch (_) {
    ok = false;
  }
  if (!ok) problems.push('signature');
  return problems;
}

module.exports = { verifyDstuCms };
