#!/usr/bin/env bash
# Builds the incumbent, Confluent's Elasticsearch sink 15.1.3, from its source with Maven Central
# only (pom.xml here: no Confluent parent, no source changes), for the throughput benchmark's
# side-by-side runs. The source is a checkout of confluentinc/kafka-connect-elasticsearch at tag
# v15.1.3, or a tarball of it; nothing is downloaded but Maven artifacts.
#
#   benchmarks/incumbent/build.sh ~/src/kafka-connect-elasticsearch
#   mvn -B verify -Pbenchmark -pl integration-tests -am -Dconnect.extra.plugin.path=<printed path>
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
source=${1:?usage: build.sh <checkout of kafka-connect-elasticsearch at v15.1.3, or a tarball of it>}
work=$here/target
rm -rf "$work"
mkdir -p "$work/source"

if [ -d "$source" ]; then
  checkout=$(cd "$source" && pwd)
else
  tar -xf "$source" -C "$work/source"
  checkout=$work/source
  # GitHub's tarballs hold one top-level folder; git archive's none.
  if [ ! -d "$checkout/src/main" ]; then
    checkout=$(find "$work/source" -mindepth 1 -maxdepth 1 -type d | head -1)
  fi
fi
if [ ! -f "$checkout/src/main/java/io/confluent/connect/elasticsearch/ElasticsearchSinkConnector.java" ]; then
  echo "build.sh: $source holds no kafka-connect-elasticsearch source (src/main/java/io/confluent/...)" >&2
  exit 2
fi

plugin=$work/plugin
mvn -B -q -f "$here/pom.xml" -DskipTests \
  -Dconnector.src="$checkout" -Dplugin.dir="$plugin/confluent-elasticsearch" package
echo "Built into $plugin ($(ls "$plugin/confluent-elasticsearch" | wc -l) jars). Run the benchmark with:"
echo "  -Dconnect.extra.plugin.path=$plugin"
