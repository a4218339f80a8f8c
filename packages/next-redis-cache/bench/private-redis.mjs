// A redis-server of the bench's own, so the peer's required `notify-keyspace-events` setting never
// touches a shared server, and every handler is measured against the same server.
import { spawn, spawnSync } from 'node:child_process';

export async function startPrivateRedis(port) {
  const server = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--notify-keyspace-events', 'Exe'],
    { stdio: 'ignore' },
  );
  for (let attempt = 0; ; attempt += 1) {
    if (
      spawnSync('redis-cli', ['-p', String(port), 'ping'])
        .stdout?.toString()
        .includes('PONG')
    )
      break;
    if (attempt > 50) throw new Error(`redis-server did not start on port ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () => server.kill('SIGTERM'),
  };
}
