// Starts an "instance B" process and talks to it one message at a time.
import { fork } from 'node:child_process';
import { once } from 'node:events';

export async function startInstance(name, { url, prefix }) {
  const child = fork(new URL('./instance.mjs', import.meta.url), [name, url, prefix]);
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
