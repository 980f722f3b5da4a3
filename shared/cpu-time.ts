// For tests that judge how cost grows (linear, not quadratic) on a busy CI machine: CPU time, not wall
// time. Wall time charges a long run for every time the scheduler preempted it and a short one rarely,
// so under load the ratio of a large input's time to a small one's drifts up; CPU time does not.
// Node only (process.cpuUsage).

/** The least CPU time, in ms, of `runs` calls of `run` after one warm-up call. */
export function bestCpuMs(run: () => void, runs = 7): number {
  run()
  let best = Infinity
  for (let i = 0; i < runs; i++) {
    const start = process.cpuUsage()
    run()
    const spent = process.cpuUsage(start)
    best = Math.min(best, (spent.user + spent.system) / 1000)
  }
  return best
}
