#!/usr/bin/env bash
# One command for the whole reindex story on a real local stack (no Docker):
#   ./quickstart.sh          builds what is missing, runs the story, keeps the stack up (Ctrl-C stops)
#   ./quickstart.sh --exit   the same, then stops everything (for CI)
#   ./quickstart.sh --rows 20000 --exit   a smaller table
#   ./quickstart.sh --engine opensearch   the same story on OpenSearch 2.19 instead of Elasticsearch
#   ./quickstart.sh --format avro   the change log in Avro through a schema registry
set -euo pipefail
cd "$(dirname "$0")"
modules=transforms,connector,tool,quickstart
missing=false
if [ ! -d connector/target/plugin/unbundled-search-sink ] || [ ! -d quickstart/target/kafka-libs ] \
   || [ ! -d quickstart/target/elasticsearch ] || [ ! -d quickstart/target/opensearch ] \
   || [ ! -f tool/target/search-sink-tool.jar ]; then
  missing=true
fi
if [[ " $* " == *" --format avro "* ]]; then
  modules+=,schema-registry
  if [ ! -d schema-registry/target/registry ] || [ ! -d schema-registry/target/converter-plugins ]; then
    missing=true
  fi
fi
if [ "$missing" = true ]; then
  echo "Building the plugin and fetching Kafka, Connect, Elasticsearch and OpenSearch from Maven Central..."
  mvn -B -q -DskipTests package -pl "$modules" -am
fi
exec java -cp "quickstart/target/unbundled-search-quickstart-0.1.0-SNAPSHOT.jar:quickstart/target/libs/*" \
  dev.unbundled.search.quickstart.Quickstart "$@"
