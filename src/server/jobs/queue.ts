import 'server-only';

/**
 * A minimal in-process job runner. Its loop starts from instrumentation's register(), outside any
 * request, so a job runs with no request context: exactly like a separate worker, it cannot lean on
 * the submitting request (no `revalidateTag`, no redirect render that discards its tags).
 */
interface Task {
  name: string;
  run: () => Promise<void>;
  done: (error?: unknown) => void;
}

interface RunnerState {
  started: boolean;
  tasks: Task[];
  wake: (() => void) | null;
}

const holder = globalThis as typeof globalThis & { __tallyJobRunner?: RunnerState };
const state = (holder.__tallyJobRunner ??= { started: false, tasks: [], wake: null });

export function startJobRunner(): void {
  if (state.started) return;
  state.started = true;
  void (async () => {
    for (;;) {
      const task = state.tasks.shift();
      if (!task) {
        await new Promise<void>((resolve) => (state.wake = resolve));
        continue;
      }
      const started = performance.now();
      try {
        await task.run();
        task.done();
      } catch (error) {
        console.error(`[tally] job ${task.name} failed after ${Math.round(performance.now() - started)} ms`, error);
        task.done(error);
      }
    }
  })();
}

/** Queues a job for the background loop; the promise settles when the job has run. */
export function enqueue(name: string, run: () => Promise<void>): Promise<void> {
  if (!state.started) return Promise.reject(new Error('The job runner is not running in this process.'));
  return new Promise((resolve, reject) => {
    state.tasks.push({ name, run, done: (error) => (error === undefined ? resolve() : reject(error)) });
    state.wake?.();
    state.wake = null;
  });
}
