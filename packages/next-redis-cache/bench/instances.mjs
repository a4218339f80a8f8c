// Starts an "instance B" process and talks to it one message at a time.
import { fork } from 'node:child_process';
import { once } from 'node:events';

/** `clockOffsetMs`: the instance's clocks run that far ahead of this process's (clock-offset.mjs). */
export async function startInstance(name, { url, prefix, clockOffsetMs = 0 }) {
  const child = fork(new URL('./instance.mjs', import.meta.url), [name, url, prefix], {
    ...(clockOffsetMs
      ? {
          execArgv: [...process.execArgv, '--import', new URL('./clock-offset.mjs', import.meta.url).href],
          env: { ...process.env, BENCH_CLOCK_OFFSET_MS: String(clockOffsetMs) },
        }
      : {}),
  });
  const reply = (type) =>
    new Promise((resolve) => {
      const listen = (message) => {
        if (message.type !== type) return;
        child.off('message', listen);
        resolve(message);
      };
      child.on('message', listen);
    });
  await reply('ready');
  return {
    /** The next message of `type` this instance sends unasked. */
    next: reply,
    ask(message) {
      const answer = reply(message.type);
      child.send(message);
      return answer;
    },
    async stop() {
      child.send({ type: 'stop' });
      await once(child, 'exit');
    },
  };
}
