// Preloaded (`node --import`) into an instance that plays a host whose clock runs ahead of the
// others by BENCH_CLOCK_OFFSET_MS: both clocks a handler or Next may read, the wall clock and
// `performance.timeOrigin + performance.now()`, move together.
const offsetMs = Number(process.env.BENCH_CLOCK_OFFSET_MS ?? 0);
const wallClock = Date.now;
Date.now = () => wallClock() + offsetMs;
Object.defineProperty(performance, 'timeOrigin', { value: performance.timeOrigin + offsetMs });
