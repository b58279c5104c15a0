// Preloaded into benchmarked processes: at exit, record peak resident memory
// (KiB) and the CPU time (user + system, µs) the process used. CPU time does
// not count waiting for a core, so it stays comparable on a busy machine.
const fs = require('node:fs');
process.on('exit', () => {
  if (!process.env.BENCH_RSS_FILE) return;
  const cpu = process.cpuUsage();
  fs.writeFileSync(process.env.BENCH_RSS_FILE, `${process.resourceUsage().maxRSS} ${cpu.user + cpu.system}`);
});
