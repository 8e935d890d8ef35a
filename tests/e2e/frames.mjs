// Frame times in the page while a live run goes, animation on, then seek times over its log.
// Shared by the end-to-end suite (which reports them) and `make bench` (which records them).

/** Runs `{ workers, jobs }` live in `page`; resolves to frame, long-task and seek statistics. */
export function measureFrames(page, workers, jobs) {
  return page.evaluate(
    async ({ workers, jobs }) => {
      const deltas = [];
      const longTasks = [];
      const observer = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) longTasks.push(e.duration);
      });
      observer.observe({ type: 'longtask' });
      let last = performance.now();
      let running = true;
      const loop = (now) => {
        deltas.push(now - last);
        last = now;
        if (running) requestAnimationFrame(loop);
      };
      requestAnimationFrame(loop);
      await window.poolsim.run({ workers, jobs });
      running = false;
      observer.disconnect();
      const sorted = deltas.slice(2).sort((a, b) => a - b);
      const t = window.poolsim.timeline();
      const seeks = [];
      for (let i = 0; i < 500; i++) {
        const start = performance.now();
        t.seekEvent(Math.floor(Math.random() * t.length));
        seeks.push(performance.now() - start);
      }
      seeks.sort((a, b) => a - b);
      return {
        frames: sorted.length,
        p50: sorted[Math.floor(sorted.length / 2)],
        p95: sorted[Math.floor(sorted.length * 0.95)],
        longTasks: longTasks.length,
        longest: Math.max(0, ...longTasks),
        events: t.length,
        seekP95: seeks[Math.floor(seeks.length * 0.95)],
        seekMax: seeks.at(-1),
      };
    },
    { workers, jobs },
  );
}
