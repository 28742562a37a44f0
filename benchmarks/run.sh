#!/usr/bin/env bash
# Runs every Polycloud benchmark of this section and writes benchmarks/RESULTS.md.
# Usage: benchmarks/run.sh            (from the repository root; ~15 min on 2 cores)
#        QUICK=1 benchmarks/run.sh    (one fork, short iterations: a smoke run, numbers not reportable)
#        SKIP_BUILD=1 benchmarks/run.sh (reuse benchmarks/target/polycloud-benchmarks.jar as built)
#        JMH_THREADS=2 JMH_ARGS="-f 1 -wi 2 -w 1 -i 3 -r 1" benchmarks/run.sh (see step 1)
# Needs: JDK 17, Maven (reactor build, no install), wrk and hyperfine (apt-get install -y wrk hyperfine).
# Everything listens on 127.0.0.1 only. Not part of CI's test run: CI only compiles this module.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=benchmarks/target/results
mkdir -p "$OUT"
JAR=benchmarks/target/polycloud-benchmarks.jar

T0=$SECONDS
step() { echo "$1 $((SECONDS - T0)) s" >> "$OUT/steps.txt"; }
: > "$OUT/steps.txt"
[[ "${SKIP_BUILD:-0}" == 1 ]] || mvn -B -q -pl benchmarks -am package -DskipTests -Djacoco.skip=true -Dmaven.javadoc.skip=true
step build

if [[ "${QUICK:-0}" == 1 ]]; then
  JMH_OPTS=(-f 1 -wi 3 -w 1 -i 3 -r 1)
  WRK_SECONDS=3; ROUNDS=1; STARTUP_RUNS=3; EMU=(-Drounds=1 -Dcalls=10 -DbatchRounds=1 -Dwarmup=10 -DbatchWarmup=1)
  LISTEN=("local 5000 1" "moto 100 1" "pubsub 200 1" "azurite 50 1")
else
  JMH_OPTS=(-f 2 -wi 3 -w 1 -i 3 -r 1)
  WRK_SECONDS=8; ROUNDS=3; STARTUP_RUNS=10; EMU=(-Drounds=3 -Dcalls=20 -DbatchRounds=3 -DbatchWarmup=10)
  LISTEN=("local 20000 3" "moto 300 2" "pubsub 1000 2" "azurite 200 2")
fi

# JMH_ARGS overrides the JMH options (e.g. "-f 1 -wi 2 -w 1 -i 3 -r 1" on a loaded machine);
# JMH_THREADS picks the thread counts to (re)run, keeping the results of the others.
if [[ -n "${JMH_ARGS:-}" ]]; then read -r -a JMH_OPTS <<<"$JMH_ARGS"; fi

# 1. JMH: in-memory queue and table, 1 and 2 threads, growing sizes
for t in ${JMH_THREADS:-1 2}; do
  java -jar "$JAR" 'LocalQueueBenchmark|LocalTableBenchmark' "${JMH_OPTS[@]}" -t "$t" \
    -rf json -rff "$OUT/jmh-t$t.json" > "$OUT/jmh-t$t.log"
done
step jmh

# 2. Memory per queued message and per item at 1M
java -Xms4g -Xmx4g -cp "$JAR" dev.polycloud.benchmarks.MemoryFootprint > "$OUT/memory.txt"
step memory

# 3. Local gateway vs bare Jetty 12, wrk interleaved, GET with a path parameter and POST 1 KiB
head -c 1024 /dev/zero | tr '\0' 'x' > "$OUT/body-1k.txt"
cat > "$OUT/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/octet-stream"
local f = io.open("$OUT/body-1k.txt", "rb"); wrk.body = f:read("*a"); f:close()
LUA
coproc GW { java -Xms512m -Xmx512m -cp "$JAR" dev.polycloud.benchmarks.GatewayBench; }
read -r _ POLY <&"${GW[0]}"
read -r _ JETTY <&"${GW[0]}"
: > "$OUT/wrk.txt"
for target in "polycloud $POLY" "jetty $JETTY"; do    # warm both up
  set -- $target
  wrk -t2 -c32 -d3s "${2}items/42" > /dev/null
  wrk -t2 -c32 -d3s -s "$OUT/post.lua" "${2}items/42" > /dev/null
done
for round in $(seq "$ROUNDS"); do
  for kind in get post; do
    for target in "polycloud $POLY" "jetty $JETTY"; do
      set -- $target
      script=(); [[ $kind == post ]] && script=(-s "$OUT/post.lua")
      r=$(wrk -t2 -c32 -d"${WRK_SECONDS}s" --latency "${script[@]}" "${2}items/42")
      rps=$(awk '/Requests\/sec/ {print $2}' <<<"$r")
      p99=$(awk '$1=="99%" {print $2}' <<<"$r")
      echo "wrk $kind $1 $round $rps $p99" >> "$OUT/wrk.txt"
    done
  done
done
exec {GW[1]}>&-
wait "$GW_PID" || true
step gateway

# 4. Startup: Polycloud.open() + first local send vs an empty main, same jar, interleaved by hyperfine
# (hyperfine runs its commands in blocks, so interleave rounds of 2 runs each)
rm -f "$OUT"/startup-*.json
for round in $(seq "$STARTUP_RUNS"); do
  hyperfine -N --warmup 1 --runs 2 --export-json "$OUT/startup-$round.json" \
    "java -cp $JAR dev.polycloud.benchmarks.EmptyMain" \
    "java -cp $JAR dev.polycloud.benchmarks.StartupProbe" > /dev/null
done
step startup

# 5. Emulator round trips, Polycloud vs the raw call on the same client, interleaved
#    (moto; the gcloud Pub/Sub and Firestore emulators; Azurite)
java "${EMU[@]}" -cp "$JAR" dev.polycloud.benchmarks.EmulatorBench > "$OUT/emulator.txt" 2> "$OUT/emulator.log" \
  || echo "emulator harness failed: see $OUT/emulator.log" >&2
step emulators

# 6. Listener throughput vs a raw-SDK loop on each emulator, and the local listener vs plain Java
: > "$OUT/listener.txt"
for args in "${LISTEN[@]}"; do
  # shellcheck disable=SC2086
  java -cp "$JAR" dev.polycloud.benchmarks.listener.ListenerThroughput $args >> "$OUT/listener.txt" \
    2>> "$OUT/listener.log" || echo "listener harness failed ($args): see $OUT/listener.log" >&2
done
step listener

python3 benchmarks/report.py "$OUT" > benchmarks/RESULTS.md
echo "wrote benchmarks/RESULTS.md"
