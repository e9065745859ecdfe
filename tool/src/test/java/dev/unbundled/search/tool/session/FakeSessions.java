package dev.unbundled.search.tool.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unbundled.search.connector.client.FakeElasticsearch;
import dev.unbundled.search.connector.client.JsonApi;
import dev.unbundled.search.connector.client.SearchEngine;
import dev.unbundled.search.connector.lifecycle.CatchUpCheck;
import dev.unbundled.search.tool.connect.SinkConnectorInfo;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * Sessions on an in-memory cluster (the connector's {@link FakeElasticsearch}) and in-memory Kafka
 * positions, one map per connector: what the tool's decisions read, without a server.
 */
public final class FakeSessions implements ConnectorSession.Opener {

  private static final ObjectMapper JSON = new ObjectMapper();

  public final FakeElasticsearch es = new FakeElasticsearch();

  /** Each connector's positions, by name; a connector without is caught up everywhere. */
  public final Map<String, Map<TopicPartition, CatchUpCheck.Position>> positions = new HashMap<>();

  /** Set to make reading Kafka fail, as an unreachable broker does. */
  public IOException kafkaFailure;

  public int opened;
  public int closed;

  /**
   * {@code connector} stands at {@code committed} of {@code end} in partition 0 of {@code topic}.
   */
  public FakeSessions at(String connector, String topic, long committed, long end) {
    positions
        .computeIfAbsent(connector, c -> new HashMap<>())
        .put(new TopicPartition(topic, 0), new CatchUpCheck.Position(0, committed, end));
    return this;
  }

  /**
   * The cluster's answers, with index statistics ({@code _stats}, which the fake does not keep)
   * answered as none counted yet.
   */
  private JsonNode send(String method, String path, JsonNode body) throws IOException {
    if (path.contains("/_stats/")) {
      return JSON.createObjectNode().putObject("indices");
    }
    return es.send(method, path, body);
  }

  @Override
  public ConnectorSession open(SinkConnectorInfo info) {
    opened++;
    String name = info.name();
    return new ConnectorSession(
        info,
        info.config(),
        new ConnectorSession.SearchEngineLink() {
          @Override
          public JsonApi json() {
            return FakeSessions.this::send;
          }

          @Override
          public Optional<SearchEngine> engine() {
            return Optional.empty();
          }

          @Override
          public void close() {
            closed++;
          }
        },
        new ConnectorSession.KafkaPositions() {
          @Override
          public Map<TopicPartition, CatchUpCheck.Position> read() throws IOException {
            if (kafkaFailure != null) {
              throw kafkaFailure;
            }
            return Map.copyOf(positions.getOrDefault(name, Map.of()));
          }

          @Override
          public void close() {}
        });
  }
}
