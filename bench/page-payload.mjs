// `node bench/page-payload.mjs <base url> <path> [--rows]`: what a signed-in page's document holds (issue
// 14, docs/decisions/031): its bytes, the inline RSC payload (`self.__next_f.push` script tags, and the
// payload once decoded) and the markup outside scripts; `--rows` adds the biggest payload rows.
import { gzipSync } from 'node:zlib';
import { signIn } from './support.mjs';

const [base = 'http://127.0.0.1:3000', path = '/invoices', flag] = process.argv.slice(2);
const cookie = await signIn(base, process.env.PAYLOAD_USER ?? 'admin@acme.test');
const html = await (await fetch(`${base}${path}`, { headers: { cookie } })).text();
const pushes = [...html.matchAll(/<script[^>]*>self\.__next_f\.push\((.*?)\)<\/script>/gs)];
const payload = pushes
  .map((match) => JSON.parse(match[1] ?? '[]'))
  .filter((chunk) => chunk[0] === 1)
  .map((chunk) => chunk[1])
  .join('');
const scripts = [...html.matchAll(/<script\b[^>]*>.*?<\/script>/gs)].reduce((sum, match) => sum + Buffer.byteLength(match[0]), 0);
console.table({
  [path]: {
    document: Buffer.byteLength(html),
    gzip: gzipSync(html).length,
    'RSC script tags': pushes.reduce((sum, match) => sum + Buffer.byteLength(match[0]), 0),
    'RSC decoded': Buffer.byteLength(payload),
    'markup outside scripts': Buffer.byteLength(html) - scripts,
  },
});
if (flag === '--rows') {
  const rows = payload.split('\n').filter(Boolean);
  rows.sort((a, b) => b.length - a.length);
  for (const row of rows.slice(0, 12)) console.log(Buffer.byteLength(row), row.slice(0, 160));
}
