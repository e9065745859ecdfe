/**
 * One connector seen through the tool ({@link dev.unbundled.search.tool.session.ConnectorSession}):
 * its settings merged with the tool's endpoints and secrets ({@link
 * dev.unbundled.search.tool.session.Endpoints}), its search engine, and its consumer group's
 * positions in Kafka, read with the connector's own code. The connections are behind small
 * interfaces, so the decisions built on a session run in unit tests on fakes.
 */
package dev.unbundled.search.tool.session;
