/**
 * The Kafka Connect REST API as the tool needs it: our connectors, their configurations and states
 * ({@link dev.unbundled.search.tool.connect.SinkConnectorInfo}), Connect's validation, creating,
 * stopping and deleting connectors ({@link dev.unbundled.search.tool.connect.ConnectClient}), over
 * a {@link dev.unbundled.search.tool.connect.ConnectTransport}: HTTP(S) with the operator's
 * credentials and CA, or an in-memory Connect in unit tests.
 */
package dev.unbundled.search.tool.connect;
