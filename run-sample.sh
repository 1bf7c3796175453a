#!/usr/bin/env bash
# Builds the sample and runs it on Payara Micro (fetched from the Maven registry) with embedded
# defaults: AllSource data in ./data/allsource (override with ALLFRAME_ALLSOURCE_DIR).
# Listens on http://localhost:8080 (override with PORT). Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")"
port="${PORT:-8080}"
data="${ALLFRAME_ALLSOURCE_DIR:-data/allsource}"

if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "==> port $port is already in use (another server?): stop it, or choose another port: PORT=8081 $0" >&2
  exit 1
fi

echo "==> building the sample (./mvnw -B verify runs the tests; this only builds)"
./mvnw -B -q -DskipTests -pl ear-sample/war,server-config -am package

rm -rf target/micro-root        # Micro's scratch folder; the event data lives in $data, not here
mkdir -p target "$data"
echo "==> starting Payara Micro on port $port, AllSource data in $data"
java -Dallframe.allsource.dir="$data" -jar server-config/target/payara/payara-micro.jar \
  --nocluster --port "$port" --rootdir target/micro-root \
  --postbootcommandfile server-config/target/payara/post-boot.asadmin \
  --deploy ear-sample/war/target/allframe-sample.war --contextroot / \
  > >(tee target/payara-micro.log) 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true' INT TERM EXIT

# Payara Micro prints "ready" even when the application failed to deploy, so probe the app itself.
for _ in $(seq 1 600); do
  if ! kill -0 "$pid" 2>/dev/null; then echo "==> Payara Micro exited" >&2; exit 1; fi
  if grep -q "BindException" target/payara-micro.log 2>/dev/null; then
    echo "==> Payara Micro cannot listen on port $port (in use?): choose another one with PORT=..." >&2; exit 1
  fi
  if grep -q "Payara Micro .* ready in" target/payara-micro.log 2>/dev/null; then
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$port/api/streams/readiness-probe/events" 2>/dev/null || true)
    if [ "$code" = "200" ]; then
      echo
      echo "==> AllFrame sample ready: http://localhost:$port/api/streams/{stream}/events   (Ctrl-C stops it)"
    else
      echo "==> the sample did not deploy (HTTP $code): see the SEVERE lines above" >&2
    fi
    break
  fi
  sleep 0.5
done
wait "$pid"
