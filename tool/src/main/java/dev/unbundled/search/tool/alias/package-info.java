/**
 * Manual alias moves: whether an index may receive an alias, by the connector's own promotion rules
 * ({@link dev.unbundled.search.tool.alias.Readiness}), and {@code promote} and {@code rollback}
 * built on it, each move one atomic {@code _aliases} request.
 */
package dev.unbundled.search.tool.alias;
