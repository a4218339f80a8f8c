// `npm run cluster -- --instances 3`: builds once, starts N `next start` instances on consecutive
// ports sharing DATABASE_URL, REDIS_URL and one server-actions key, and a round-robin proxy in front.
// Options: --instances N (3), --port P (3000, the proxy; instances on P+1…P+N), --skip-build.
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { sharedEnvironment, startInstances } from './cluster/instances.mjs';
import { startRoundRobinProxy } from './cluster/proxy.mjs';

const { values } = parseArgs({
  options: {
    instances: { type: 'string', default: '3' },
    port: { type: 'string', default: process.env.PORT ?? '3000' },
    'skip-build': { type: 'boolean', default: process.env.TALLY_SKIP_BUILD === '1' },
  },
});
const count = Number(values.instances);
const port = Number(values.port);
const env = sharedEnvironment({ publicUrl: `http://localhost:${port}` });

if (!values['skip-build']) {
  const build = spawnSync('npx', ['next', 'build'], { stdio: 'inherit', env });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const instances = await startInstances({ count, firstPort: port + 1, env });
const proxy = await startRoundRobinProxy({ port, instances });
console.log(
  [
    '',
    `Tally cluster: ${proxy.url} round-robins over`,
    ...instances.map((instance) => `  ${instance.name.padEnd(11)} ${instance.url}`),
    `sharing ${new URL(env.DATABASE_URL ?? '').host} and Redis ${new URL(env.REDIS_URL ?? '').host}. /inspector names the instance that rendered it.`,
    env.TALLY_DEMO === '1'
      ? 'Demo accounts: owner@acme.test, admin@acme.test, … (password demo-password). Ctrl-C stops everything.'
      : 'Ctrl-C stops everything.',
  ].join('\n'),
);

async function shutdown() {
  await proxy.close();
  await Promise.all(instances.map((instance) => instance.stop()));
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
