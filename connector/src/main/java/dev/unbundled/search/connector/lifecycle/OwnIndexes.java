package dev.unbundled.search.connector.lifecycle;

import dev.unbundled.search.connector.config.SearchSinkConfig;
import dev.unbundled.search.connector.index.IndexNames;
import dev.unbundled.search.connector.index.IndexOwnership;

/**
 * Which indexes are a connector's own, for its life cycle and for the tool: those its {@code
 * index.name.format} can name, whose {@code _meta} records it as their owner at its {@code
 * index.version}. An index of an earlier version, or of another connector, is never its own.
 *
 * @param namePattern a wildcard expression matching every index name the format can give
 */
public record OwnIndexes(String connector, int version, String namePattern) {

  public static OwnIndexes of(String connector, SearchSinkConfig config) {
    return new OwnIndexes(
        connector,
        config.indexVersion(),
        new IndexNames(config.indexNameFormat(), config.indexVersion()).pattern());
  }

  public boolean includes(IndexOwnership owner) {
    return owner.connector().equals(connector) && owner.version() == version;
  }
}
