#!/usr/bin/env bash
# One command for the whole reindex story on a real local stack (no Docker):
#   ./quickstart.sh          builds what is missing, runs the story, keeps the stack up (Ctrl-C stops)
#   ./quickstart.sh --exit   the same, then stops everything (for CI)
#   ./quickstart.sh --rows 20000 --exit   a smaller table
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -d connector/target/plugin/unbundled-search-sink ] || [ ! -d quickstart/target/kafka-libs ] \
   || [ ! -d quickstart/target/elasticsearch ] || [ ! -f tool/target/search-sink-tool.jar ]; then
  echo "Building the plugin and fetching Kafka, Connect and Elasticsearch from Maven Central..."
  mvn -B -q -DskipTests package -pl transforms,connector,tool,quickstart -am
fi
exec java -cp "quickstart/target/unbundled-search-quickstart-0.1.0-SNAPSHOT.jar:quickstart/target/libs/*" \
  dev.unbundled.search.quickstart.Quickstart "$@"
