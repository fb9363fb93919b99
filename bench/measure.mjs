// Timing helpers for the benchmark: percentiles, the event-loop monitor, the RSS sampler.
import { monitorEventLoopDelay } from 'node:perf_hooks';

export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export const median = (values) => percentile(values, 50);

/** The longest stall of this thread's event loop, and the highest RSS, over the whole run. */
export function startMonitors() {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  let peakRss = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 20);
  return {
    sampleRss() {
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
    },
    stop() {
      clearInterval(timer);
      loop.disable();
      return { maxStallMs: loop.max / 1e6, peakRss };
    },
  };
}

export async function time(fn) {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}
