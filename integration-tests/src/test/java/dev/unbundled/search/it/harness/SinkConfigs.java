package dev.unbundled.search.it.harness;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/** Connector configurations the tests start from. */
public final class SinkConfigs {

  public static final String CONNECTOR_CLASS = "dev.unbundled.search.connector.SearchSinkConnector";

  private SinkConfigs() {}

  /** String keys and schemaless JSON values, written to {@code ${topic}-v${version}}. */
  public static Map<String, String> jsonSink(
      String topic,
      Elasticsearch elasticsearch,
      EmbeddedConnectCluster connect,
      int version,
      int tasks) {
    Map<String, String> config = new HashMap<>();
    config.put("connector.class", CONNECTOR_CLASS);
    config.put("tasks.max", Integer.toString(tasks));
    config.put("topics", topic);
    config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    config.put("value.converter.schemas.enable", "false");
    config.put("connection.url", elasticsearch.url());
    config.put("index.version", Integer.toString(version));
    config.put("kafka.bootstrap.servers", connect.kafka().bootstrapServers());
    config.put("alias.check.interval.ms", "500");
    return config;
  }

  /** Tolerates bad records and sends them, with the error context headers, to {@code dlq}. */
  public static Map<String, String> withDeadLetterQueue(Map<String, String> config, String dlq) {
    config.put("errors.tolerance", "all");
    config.put("errors.deadletterqueue.topic.name", dlq);
    config.put("errors.deadletterqueue.topic.replication.factor", "1");
    config.put("errors.deadletterqueue.context.headers.enable", "true");
    return config;
  }
}
