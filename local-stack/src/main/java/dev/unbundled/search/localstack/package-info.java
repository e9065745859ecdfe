/**
 * Real servers as local processes, without Docker, for the quickstart, the integration tests and
 * the benchmark: a Kafka broker ({@link dev.unbundled.search.localstack.LocalKafka}), Connect
 * workers ({@link dev.unbundled.search.localstack.LocalConnect}), Elasticsearch 8 and 9 (one node
 * or a three-node cluster), OpenSearch 2 and 3, and a schema registry, each started from the
 * distribution the build unpacked into {@code local-stack/target} ({@link
 * dev.unbundled.search.localstack.Distributions}), as an unprivileged user when run as root.
 */
package dev.unbundled.search.localstack;
