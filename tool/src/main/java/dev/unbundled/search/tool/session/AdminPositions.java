package dev.unbundled.search.tool.session;

import dev.unbundled.search.connector.config.KafkaGroup;
import dev.unbundled.search.connector.config.SearchSinkConfig;
import dev.unbundled.search.connector.lifecycle.CatchUpCheck;
import dev.unbundled.search.tool.ToolErrors;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.TopicPartition;

/**
 * A connector's consumer-group positions read from Kafka by the connector's own {@link
 * CatchUpCheck}, whose admin client is made on first use.
 */
final class AdminPositions implements ConnectorSession.KafkaPositions {

  private final SearchSinkConfig config;
  private final Map<String, String> settings;
  private final String kafkaHint;
  private CatchUpCheck catchUp;

  /**
   * @param kafkaHint what to add to a Kafka error ({@link Endpoints#kafkaHint}), or empty
   */
  AdminPositions(SearchSinkConfig config, Map<String, String> settings, String kafkaHint) {
    this.config = config;
    this.settings = settings;
    this.kafkaHint = kafkaHint;
  }

  @Override
  public Map<TopicPartition, CatchUpCheck.Position> read()
      throws IOException, InterruptedException {
    if (catchUp == null) {
      catchUp = CatchUpCheck.forConnector(config, settings);
    }
    try {
      return catchUp.positions();
    } catch (ExecutionException | TimeoutException e) {
      String problem =
          e instanceof TimeoutException
              ? "did not answer within " + CatchUpCheck.TIMEOUT.toSeconds() + " s"
              : "failed: " + ToolErrors.describe(e);
      throw new IOException(
          "Kafka at "
              + settings.get(KafkaGroup.KAFKA_BOOTSTRAP_SERVERS)
              + " "
              + problem
              + kafkaHint,
          e);
    }
  }

  @Override
  public void close() {
    if (catchUp != null) {
      catchUp.close();
    }
  }
}
