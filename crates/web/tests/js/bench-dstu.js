'use strict';
// Speed of the browser signer's DSTU 4145 path in node (one thread). Run from the repository root:
//   node crates/web/tests/js/bench-dstu.js [rounds]
// Prints per-operation times (median and mean of the rounds, after a warm-up).
const G = require('../../assets/kep-gost.js');
const D = require('../../assets/kep-dstu4145.js');
const K = require('../../assets/kep-signer.js');

const rounds = Number(process.argv[2]) || 200;

// Wall time per run (median, mean) and CPU time per run (this process's user + system time: less disturbed when
// other jobs share the machine).
function bench(label, n, fn) {
  for (let i = 0; i < Math.min(20, n); i++) fn(i);
  const t = [];
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    fn(i);
    t.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const cpu = process.cpuUsage(cpu0);
  t.sort((a, b) => a - b);
  const mean = t.reduce((a, b) => a + b, 0) / n;
  const cpuMs = (cpu.user + cpu.system) / 1000 / n;
  console.log(
    `${label.padEnd(44)} median ${t[n >> 1].toFixed(2)} ms  mean ${mean.toFixed(2)} ms  cpu ${cpuMs.toFixed(2)} ms  (${n} runs)`,
  );
}

async function main() {
  console.log(`node ${process.version}, ${require('os').cpus()[0].model}`);
  const challenge = new TextEncoder().encode('ekrov login\nchallenge_id: 7d1c7f0e\nnonce: q5K0v1WJ0kq3oQ2s\n');
  for (const [oid, name, n] of [
    ['1.2.804.2.1.1.1.1.3.1.1.2.6', 'M257', rounds],
    ['1.2.804.2.1.1.1.1.3.1.1.2.9', 'M431', Math.ceil(rounds / 4)],
  ]) {
    const c = D.namedCurve(oid);
    const d = c.randomScalar(D.randomBytes);
    const Q = c.publicKey(d);
    const h = G.hash(challenge);
    const sigs = [];
    bench(`${name} sign (GOST 34.311 of 56 B + DSTU 4145)`, n, () => sigs.push(c.sign(G.hash(challenge), d)));
    bench(`${name} verify`, Math.ceil(n / 4), (i) => {
      if (!c.verify(h, sigs[i], Q)) throw new Error('verify failed');
    });
  }
  const fs = require('fs');
  const path = require('path');
  const V = process.env.EKROV_VECTORS || path.resolve(__dirname, '../../../../../shared/vectors');
  if (fs.existsSync(path.join(V, 'ua-certs/PRIV1.cer'))) {
    const key = await K.openPkcs12(fs.readFileSync(path.join(V, 'ua-certs/PRIV1.cer')), 'x', {
      certificates: [fs.readFileSync(path.join(V, 'ua-certs/SELF_SIGNED1.cer'))],
    });
    const out = [];
    bench('M257 whole CMS signDetached (PRIV1)', rounds, () => K.signDetached(key, challenge).then((b) => out.push(b)));
    const store = fs.readFileSync(path.join(V, 'ua-certs/STORE_A040.dat'));
    const cert = fs.readFileSync(path.join(V, 'ua-certs/SELF_SIGNED_ENC_40A0.cer'));
    const t0 = Date.now();
    await K.openPkcs12(store, 'password', { certificates: [cert] });
    console.log(`${'open STORE_A040.dat (PBKDF2 10 000 iterations)'.padEnd(44)} ${Date.now() - t0} ms (one run)`);
  }
}
main();
