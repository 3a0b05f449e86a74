# Median process wall time of 20 runs (after 3 warm-up runs) of the command given.
# Usage: python3 benches/median_of_20.py target/release/alambic current
import subprocess, sys, time, statistics
cmd = sys.argv[1:]
for _ in range(3): subprocess.run(cmd, capture_output=True)
ts = []
for _ in range(20):
    t = time.perf_counter(); r = subprocess.run(cmd, capture_output=True); ts.append((time.perf_counter() - t) * 1000)
    assert r.returncode == 0, r.stderr
ts.sort()
print(f"median {statistics.median(ts):.1f} ms  min {ts[0]:.1f}  max {ts[-1]:.1f}  (20 runs)")
