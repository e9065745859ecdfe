package dev.unbundled.search.connector.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the concrete indexes the connector writes to exist before the first write, so that
 * they are created with the connector's settings rather than by Elasticsearch's auto-creation.
 */
public final class IndexManager {

  private static final Logger log = LoggerFactory.getLogger(IndexManager.class);

  private final ElasticsearchClient client;
  private final Set<String> known = ConcurrentHashMap.newKeySet();

  public IndexManager(ElasticsearchClient client) {
    this.client = client;
  }

  /** Creates the index unless it exists; safe when several tasks race to create it. */
  public void ensureExists(String index) throws IOException {
    if (known.contains(index)) {
      return;
    }
    if (!client.indices().exists(e -> e.index(index)).value()) {
      try {
        client.indices().create(c -> c.index(index));
        log.info("Created index {}", index);
      } catch (ElasticsearchException e) {
        if (!"resource_already_exists_exception".equals(e.error().type())) {
          throw e;
        }
      }
    }
    known.add(index);
  }
}
