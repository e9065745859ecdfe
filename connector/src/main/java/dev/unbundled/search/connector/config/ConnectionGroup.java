package dev.unbundled.search.connector.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** Where Elasticsearch is, who the connector is to it, and how long to wait for it. */
public final class ConnectionGroup {

  public static final String CONNECTION_URL = "connection.url";
  private static final String CONNECTION_URL_DOC =
      "Elasticsearch or OpenSearch HTTP endpoints, comma separated, for example"
          + " <code>https://es-1:9200,https://es-2:9200</code>. Requests are spread over them."
          + " Validation checks the engine: Elasticsearch 8.x and 9.x, OpenSearch 2.x and 3.x.";

  public static final String CONNECTION_USERNAME = "connection.username";
  private static final String CONNECTION_USERNAME_DOC =
      "User name for HTTP basic authentication. Leave empty when the search engine needs none.";

  public static final String CONNECTION_PASSWORD = "connection.password";
  private static final String CONNECTION_PASSWORD_DOC =
      "Password for HTTP basic authentication. Never logged.";

  public static final String CONNECTION_TIMEOUT_MS = "connection.timeout.ms";
  private static final String CONNECTION_TIMEOUT_MS_DOC =
      "How long to wait for a TCP connection to the search engine before the attempt counts as failed"
          + " and is retried.";

  public static final String READ_TIMEOUT_MS = "read.timeout.ms";
  private static final String READ_TIMEOUT_MS_DOC =
      "How long to wait for the search engine to answer a request before the attempt counts as failed"
          + " and is retried. Large bulk requests on a busy cluster need more. It bounds each read;"
          + " a whole request that is neither answered nor failed within the connection timeout"
          + " plus twice this is abandoned and retried too.";

  private ConnectionGroup() {}

  static void define(ConfigDef def) {
    new ConfigGroup(def, "Connection")
        .define(
            CONNECTION_URL,
            Type.LIST,
            ConfigDef.NO_DEFAULT_VALUE,
            Validators.HTTP_URLS,
            Importance.HIGH,
            CONNECTION_URL_DOC,
            Width.LONG,
            "Search engine URLs")
        .define(
            CONNECTION_USERNAME,
            Type.STRING,
            null,
            Importance.MEDIUM,
            CONNECTION_USERNAME_DOC,
            Width.SHORT,
            "User name")
        .define(
            CONNECTION_PASSWORD,
            Type.PASSWORD,
            null,
            Importance.MEDIUM,
            CONNECTION_PASSWORD_DOC,
            Width.SHORT,
            "Password")
        .define(
            CONNECTION_TIMEOUT_MS,
            Type.INT,
            5_000,
            ConfigDef.Range.atLeast(1),
            Importance.LOW,
            CONNECTION_TIMEOUT_MS_DOC,
            Width.SHORT,
            "Connection timeout (ms)")
        .define(
            READ_TIMEOUT_MS,
            Type.INT,
            60_000,
            ConfigDef.Range.atLeast(1),
            Importance.LOW,
            READ_TIMEOUT_MS_DOC,
            Width.SHORT,
            "Read timeout (ms)");
  }
}
