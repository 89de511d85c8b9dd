'use strict';
// Test fixtures made with the openssl command line in a temporary folder.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ekrov-kep-js-'));

function openssl(args, opts) {
  return execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], ...(opts || {}) });
}

function run(args) {
  // → {ok, out} without throwing
  try {
    return { ok: true, out: openssl(args).toString() };
  } catch (e) {
    return { ok: false, out: String(e.stderr || e.message) };
  }
}

const file = (name) => path.join(dir, name);
const read = (name) => new Uint8Array(fs.readFileSync(file(name)));
const write = (name, data) => fs.writeFileSync(file(name), data);

function genKey(name, kind) {
  if (kind === 'rsa') openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', name]);
  else openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:' + kind, '-out', name]);
}

// A self-signed certificate; subj in openssl /k=v form (UTF-8 allowed with -utf8).
function selfSigned(name, kind, subj) {
  genKey(name + '.key', kind);
  openssl(['req', '-x509', '-new', '-utf8', '-key', name + '.key', '-subj', subj, '-days', '30', '-out', name + '.pem']);
}

function p12(name, keyFile, certFile, extra) {
  openssl(['pkcs12', '-export', '-inkey', keyFile, '-in', certFile, '-passout', 'pass:secret', '-out', name, ...(extra || [])]);
  return read(name);
}

// A CA and a person's certificate issued by it, with the РНОКПП in subjectDirectoryAttributes only.
function caAndPerson(rnokpp) {
  genKey('ca.key', 'P-256');
  write(
    'ca.cnf',
    '[req]\ndistinguished_name=dn\n[dn]\n[v3_ca]\nbasicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n' +
      'subjectKeyIdentifier=hash\n',
  );
  openssl(['req', '-x509', '-new', '-utf8', '-key', 'ca.key', '-subj', '/O=Тестовий КНЕДП/CN=Тестовий ЦСК ECDSA',
    '-config', 'ca.cnf', '-extensions', 'v3_ca', '-days', '60', '-out', 'ca.pem']);
  genKey('person.key', 'P-256');
  openssl(['req', '-new', '-utf8', '-key', 'person.key', '-subj', '/CN=Коваленко Олена Петрівна/SN=Коваленко/GN=Олена Петрівна/C=UA',
    '-out', 'person.csr']);
  write(
    'person.ext',
    'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n' +
      'authorityKeyIdentifier=keyid\nsubjectKeyIdentifier=hash\n' +
      '2.5.29.9=ASN1:SEQUENCE:sda\n[sda]\ndrfo=SEQUENCE:drfo_attr\n[drfo_attr]\ntype=OID:1.2.804.2.1.1.1.11.1.4.1.1\n' +
      'values=SET:drfo_vals\n[drfo_vals]\nv=PRINTABLESTRING:' + rnokpp + '\n',
  );
  openssl(['x509', '-req', '-in', 'person.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '30',
    '-extfile', 'person.ext', '-out', 'person.pem']);
}

function cmsVerify(sigName, contentName, caFile) {
  const args = ['cms', '-verify', '-binary', '-inform', 'DER', '-in', sigName, '-content', contentName, '-out', '/dev/null'];
  if (caFile) args.push('-CAfile', caFile);
  else args.push('-noverify');
  return run(args);
}

function cleanup() {
  // Retries: a browser that has just exited may still be flushing its profile here.
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
}

module.exports = { dir, openssl, run, file, read, write, selfSigned, genKey, p12, caAndPerson, cmsVerify, cleanup };
