package dev.unbundled.search.tool.session;

import dev.unbundled.search.connector.lifecycle.IndexCatalog;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What {@code reindex} and {@code retire} ask of Elasticsearch: which indexes exist and whose they
 * are, which aliases readers use on them, and deleting one. The real one is {@link
 * ElasticsearchIndexes}; unit tests hand in an in-memory cluster.
 */
public interface SearchIndexes extends AutoCloseable {

  /** Every index, with the ownership recorded in its {@code _meta}. */
  Map<String, IndexCatalog.IndexEntry> indexes() throws IOException;

  /**
   * The aliases readers use on each of {@code indexes}: every alias except the connector's hidden
   * write aliases. An index without aliases maps to an empty list.
   */
  Map<String, List<String>> readerAliases(Collection<String> indexes) throws IOException;

  void delete(String index) throws IOException;

  @Override
  void close();

  /** Opens the Elasticsearch of a connector configuration, as the tool reaches it. */
  @FunctionalInterface
  interface Opener {
    SearchIndexes open(String connector, Map<String, String> config) throws IOException;
  }
}
