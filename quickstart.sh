#!/usr/bin/env bash
# One command for the whole reindex story on a real local stack (no Docker):
#   ./quickstart.sh          builds what is missing, runs the story, keeps the stack up (Ctrl-C stops)
#   ./quickstart.sh --exit   the same, then stops everything (for CI)
#   ./quickstart.sh --rows 20000 --exit   a smaller table
#   ./quickstart.sh --engine opensearch   the same story on OpenSearch 2.19 instead of Elasticsearch
#   ./quickstart.sh --engine-version 9.5.0   on Elasticsearch 9.5.0 (needs a Java 21+ under /usr/lib/jvm);
#                                           with --engine opensearch: 3.6.0 for OpenSearch 3; another
#                                           version is fetched from Maven Central first
#   ./quickstart.sh --format avro   the change log in Avro through a schema registry
#   ./quickstart.sh --story events  the second story: web clicks in daily time buckets with a
#                                   30-day retention, rebuilt while clicks keep arriving
set -euo pipefail
cd "$(dirname "$0")"
modules=transforms,connector,tool,local-stack,quickstart
missing=false
if [ ! -d connector/target/plugin/unbundled-search-sink ] || [ ! -d local-stack/target/kafka-libs ] \
   || [ ! -d local-stack/target/elasticsearch ] || [ ! -d local-stack/target/elasticsearch9 ] \
   || [ ! -d local-stack/target/opensearch ] \
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
# --engine-version V: the integ-test distribution of that version, unpacked once next to the others.
args=("$@")
engine=elasticsearch
version=
for i in "${!args[@]}"; do
  case "${args[$i]}" in
    --engine) engine="${args[$((i + 1))]:-}" ;;
    --engine-version) version="${args[$((i + 1))]:-}" ;;
  esac
done
if [ -n "$version" ] && ! ls -d local-stack/target/"$engine"*/"$engine-$version" >/dev/null 2>&1; then
  case "$engine" in
    elasticsearch) group=org.elasticsearch.distribution.integ-test-zip ;;
    opensearch) group=org.opensearch.distribution.integ-test-zip ;;
    *) group= ;;
  esac
  if [ -n "$group" ]; then
    echo "Fetching $engine $version from Maven Central ($group:$engine:$version:zip)..."
    mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.6.1:unpack \
      -Dartifact="$group:$engine:$version:zip" -DoutputDirectory="local-stack/target/$engine-versions"
  fi
fi
exec java -cp "quickstart/target/unbundled-search-quickstart-0.1.0-SNAPSHOT.jar:quickstart/target/libs/*" \
  dev.unbundled.search.quickstart.Quickstart "$@"
