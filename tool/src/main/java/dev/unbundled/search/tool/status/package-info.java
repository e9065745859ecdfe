/**
 * Where connectors stand: the model printed as JSON ({@link
 * dev.unbundled.search.tool.status.ConnectorStatus}), reading it from a session ({@link
 * dev.unbundled.search.tool.status.StatusReader}), the plain and live views, and waiting for a
 * phase with its outcome and exit code ({@link dev.unbundled.search.tool.status.PhaseWait}, {@code
 * status --until} and the watch after {@code reindex}).
 */
package dev.unbundled.search.tool.status;
