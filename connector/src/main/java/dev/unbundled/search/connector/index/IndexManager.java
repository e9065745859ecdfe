package dev.unbundled.search.connector.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.mapping.TypeMapping;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringReader;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.connect.data.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the concrete indexes the connector writes to exist before the first write, so that
 * they are created with the connector's mapping rather than by Elasticsearch's auto-creation.
 */
public final class IndexManager {

  private static final Logger log = LoggerFactory.getLogger(IndexManager.class);

  private final ElasticsearchClient client;
  private final boolean deriveMappings;
  private final Set<String> known = ConcurrentHashMap.newKeySet();

  /**
   * @param deriveMappings whether a new index gets a mapping derived from the records' schema
   */
  public IndexManager(ElasticsearchClient client, boolean deriveMappings) {
    this.client = client;
    this.deriveMappings = deriveMappings;
  }

  /**
   * Creates the index unless it exists, with a mapping derived from {@code valueSchema} when that
   * is a struct; safe when several tasks race to create it.
   */
  public void ensureExists(String index, Schema valueSchema) throws IOException {
    if (known.contains(index)) {
      return;
    }
    if (!client.indices().exists(e -> e.index(index)).value()) {
      Optional<ObjectNode> mapping =
          deriveMappings ? SchemaMapping.of(valueSchema) : Optional.empty();
      try {
        client
            .indices()
            .create(
                c -> {
                  c.index(index);
                  mapping.ifPresent(
                      m ->
                          c.mappings(
                              TypeMapping.of(t -> t.withJson(new StringReader(m.toString())))));
                  return c;
                });
        log.info(
            "Created index {}{}",
            index,
            mapping.isPresent() ? " with a mapping from the schema" : "");
      } catch (ElasticsearchException e) {
        if (!"resource_already_exists_exception".equals(e.error().type())) {
          throw e;
        }
      }
    }
    known.add(index);
  }
}
