/**
 * Rebuilds: {@code reindex} (the next version of a connector from its own configuration, checked
 * and validated before anything is created: {@link dev.unbundled.search.tool.rebuild.Reindex},
 * {@link dev.unbundled.search.tool.rebuild.ReindexPlan}) and {@code retire} (the old connector and,
 * when asked, its own indexes, refused while readers use them: {@link
 * dev.unbundled.search.tool.rebuild.Retire}).
 */
package dev.unbundled.search.tool.rebuild;
