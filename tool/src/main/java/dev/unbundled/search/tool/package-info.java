/**
 * The operator's tool, {@code search-sink-tool.jar}: what every part of it shares, and nothing else
 * ({@link dev.unbundled.search.tool.ExitCode}, {@link dev.unbundled.search.tool.ToolException} and
 * how errors read, the JSON it prints). The parts, each a package that only uses those below it:
 *
 * <ol>
 *   <li>{@code connect}: the Kafka Connect REST API;
 *   <li>{@code session}: one connector's search engine and Kafka, as the connector sees them;
 *   <li>{@code status}: where connectors stand, its views, and waits for a phase;
 *   <li>{@code alias}: whether an index may get an alias, and the manual moves (promote, rollback);
 *   <li>{@code rebuild}: reindex (the next version of a connector) and retire;
 *   <li>{@code verify}: an index compared with its topics;
 *   <li>{@code command}: the command line, which wires the others to real endpoints.
 * </ol>
 */
package dev.unbundled.search.tool;
