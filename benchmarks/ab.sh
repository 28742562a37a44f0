#!/usr/bin/env bash
# Compares two builds of benchmarks/target/polycloud-benchmarks.jar (say, before and after a change) in
# one run, so that both see the same machine load: JMH LocalQueueBenchmark with -prof gc (B/op) at the
# given thread counts, one jar after the other, each with its own plain-Java baseline; then the local
# gateway against bare Jetty with wrk, both jars' servers up at once and the four targets interleaved.
# Usage: benchmarks/ab.sh BEFORE.jar AFTER.jar [OUT_DIR]
#        THREADS="1 2" ROUNDS=3 WRK_SECONDS=5 JMH_ARGS="-f 1 -wi 3 -w 1 -i 5 -r 1" benchmarks/ab.sh ...
#        SKIP_JMH=1 / SKIP_GATEWAY=1 to run one half.
# Needs: JDK 17 and wrk (apt-get install -y wrk). Everything listens on 127.0.0.1 only.
set -euo pipefail
BEFORE=$(realpath "$1")
AFTER=$(realpath "$2")
OUT=${3:-benchmarks/target/ab}
mkdir -p "$OUT"
read -r -a JMH_OPTS <<<"${JMH_ARGS:--f 1 -wi 3 -w 1 -i 5 -r 1}"

if [[ "${SKIP_JMH:-0}" != 1 ]]; then
  for t in ${THREADS:-1 2}; do
    for side in before after; do
      jar=$BEFORE; [[ $side == after ]] && jar=$AFTER
      log="$OUT/queue-$side-t$t.log"
      uptime > "$log"
      java -jar "$jar" 'LocalQueueBenchmark' "${JMH_OPTS[@]}" -t "$t" -prof gc >> "$log" 2>&1
      uptime >> "$log"
      grep -E '^LocalQueueBenchmark\.(polycloud|baseline)(:gc.alloc.rate.norm)? ' "$log" | sed "s/^/$side t$t /"
    done
  done
fi

if [[ "${SKIP_GATEWAY:-0}" != 1 ]]; then
  head -c 1024 /dev/zero | tr '\0' 'x' > "$OUT/body-1k.txt"
  cat > "$OUT/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/octet-stream"
local f = io.open("$OUT/body-1k.txt", "rb"); wrk.body = f:read("*a"); f:close()
LUA
  pids=()
  for side in before after; do
    jar=$BEFORE; [[ $side == after ]] && jar=$AFTER
    # GatewayBench serves until its standard input closes: a fifo that this script holds open until the end
    rm -f "$OUT/in-$side"; mkfifo "$OUT/in-$side"
    java -Xms512m -Xmx512m -cp "$jar" dev.polycloud.benchmarks.GatewayBench < "$OUT/in-$side" > "$OUT/gw-$side.out" \
      2> "$OUT/gw-$side.err" &
    pids+=($!)
  done
  exec {IN_BEFORE}> "$OUT/in-before" {IN_AFTER}> "$OUT/in-after"
  for side in before after; do
    for _ in $(seq 120); do [[ $(wc -l < "$OUT/gw-$side.out") -ge 2 ]] && break; sleep 0.5; done
  done
  B_POLY=$(awk '/^polycloud/ {print $2}' "$OUT/gw-before.out"); B_JETTY=$(awk '/^jetty/ {print $2}' "$OUT/gw-before.out")
  A_POLY=$(awk '/^polycloud/ {print $2}' "$OUT/gw-after.out"); A_JETTY=$(awk '/^jetty/ {print $2}' "$OUT/gw-after.out")
  targets=("before-polycloud $B_POLY" "before-jetty $B_JETTY" "after-polycloud $A_POLY" "after-jetty $A_JETTY")
  for target in "${targets[@]}"; do   # warm all four up
    set -- $target
    wrk -t2 -c32 -d3s "${2}items/42" > /dev/null
    wrk -t2 -c32 -d3s -s "$OUT/post.lua" "${2}items/42" > /dev/null
  done
  uptime > "$OUT/wrk.txt"
  for round in $(seq "${ROUNDS:-3}"); do
    for kind in get post; do
      for target in "${targets[@]}"; do
        set -- $target
        script=(); [[ $kind == post ]] && script=(-s "$OUT/post.lua")
        r=$(wrk -t2 -c32 -d"${WRK_SECONDS:-5}s" --latency "${script[@]}" "${2}items/42")
        echo "wrk $kind $1 $round $(awk '/Requests\/sec/ {print $2}' <<<"$r") $(awk '$1=="99%" {print $2}' <<<"$r")" \
          | tee -a "$OUT/wrk.txt"
      done
    done
  done
  uptime >> "$OUT/wrk.txt"
  exec {IN_BEFORE}>&- {IN_AFTER}>&-   # end of input: both servers stop
  wait "${pids[@]}" 2>/dev/null || true
  rm -f "$OUT/in-before" "$OUT/in-after"
fi
