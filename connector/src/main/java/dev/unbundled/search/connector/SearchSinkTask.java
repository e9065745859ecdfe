package dev.unbundled.search.connector;

import dev.unbundled.search.connector.bulk.BulkRetriesExhaustedException;
import dev.unbundled.search.connector.bulk.BulkWriter;
import dev.unbundled.search.connector.bulk.BulkWriter.Outcome;
import dev.unbundled.search.connector.bulk.DocumentOperation;
import dev.unbundled.search.connector.bulk.RestBulkTransport;
import dev.unbundled.search.connector.bulk.RetryPolicy;
import dev.unbundled.search.connector.bulk.Sleeper;
import dev.unbundled.search.connector.client.ElasticsearchConnection;
import dev.unbundled.search.connector.config.SearchSinkConfig;
import dev.unbundled.search.connector.convert.RecordConverter;
import dev.unbundled.search.connector.index.IndexManager;
import dev.unbundled.search.connector.index.IndexNameFormat;
import dev.unbundled.search.connector.offset.OffsetTracker;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

/**
 * Writes records to Elasticsearch in bulk requests and commits an offset only once Elasticsearch
 * has acknowledged every record before it.
 */
public final class SearchSinkTask extends SinkTask {

  private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

  private ElasticsearchConnection connection;
  private IndexManager indexes;
  private RecordConverter converter;
  private BulkWriter<InFlight> writer;
  private final OffsetTracker offsets = new OffsetTracker();

  /** A record handed to the bulk writer, with its place in the offset tracker. */
  private record InFlight(SinkRecord record, OffsetTracker.Pending pending) {}

  @Override
  public String version() {
    return Version.get();
  }

  @Override
  public void start(Map<String, String> props) {
    SearchSinkConfig config = new SearchSinkConfig(props);
    connection = ElasticsearchConnection.open(config);
    indexes = new IndexManager(connection.client());
    converter =
        new RecordConverter(new IndexNameFormat(config.indexNameFormat(), config.indexVersion()));
    writer =
        new BulkWriter<>(
            new RestBulkTransport(connection.restClient()),
            new RetryPolicy(config.maxRetries(), config.retryBackoff(), MAX_BACKOFF),
            Sleeper.SYSTEM,
            config.batchSize(),
            config.bulkSizeBytes());
  }

  @Override
  public void put(Collection<SinkRecord> records) {
    for (SinkRecord record : records) {
      DocumentOperation operation = convert(record);
      ensureIndex(operation.index(), record);
      OffsetTracker.Pending pending =
          offsets.register(originalPartition(record), record.originalKafkaOffset());
      try {
        writer.add(operation, new InFlight(record, pending));
      } catch (IOException | RuntimeException e) {
        throw new DataException(
            "Cannot serialize the value of " + Coordinates.of(record) + ": " + e.getMessage(), e);
      }
      if (writer.isFull()) {
        send();
      }
    }
  }

  private DocumentOperation convert(SinkRecord record) {
    try {
      return converter.convert(record);
    } catch (RuntimeException e) {
      throw new DataException(
          "Cannot convert " + Coordinates.of(record) + ": " + e.getMessage(), e);
    }
  }

  private void ensureIndex(String index, SinkRecord record) {
    try {
      indexes.ensureExists(index);
    } catch (IOException | RuntimeException e) {
      throw new ConnectException(
          "Cannot create index '"
              + index
              + "' for "
              + Coordinates.of(record)
              + ": "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public Map<TopicPartition, OffsetAndMetadata> preCommit(
      Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
    send();
    return offsets.committableOffsets();
  }

  @Override
  public void flush(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
    send();
  }

  /** Sends what the writer holds; every record either ends acknowledged or fails the task. */
  private void send() {
    if (writer.isEmpty()) {
      return;
    }
    List<Outcome<InFlight>> outcomes;
    try {
      outcomes = writer.send();
    } catch (BulkRetriesExhaustedException e) {
      throw new ConnectException(
          "Elasticsearch did not accept a bulk request "
              + e.attempts()
              + " times in a row; "
              + e.getMessage()
              + ". Raise '"
              + SearchSinkConfig.MAX_RETRIES
              + "' or '"
              + SearchSinkConfig.RETRY_BACKOFF_MS
              + "' to ride out longer outages.",
          e);
    } catch (IOException e) {
      throw new ConnectException("Bulk request to Elasticsearch failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectException("Interrupted while writing to Elasticsearch", e);
    }
    List<Outcome<InFlight>> failures = new ArrayList<>();
    for (Outcome<InFlight> outcome : outcomes) {
      if (outcome.result().succeeded()) {
        outcome.context().pending().done();
      } else {
        failures.add(outcome);
      }
    }
    if (!failures.isEmpty()) {
      Outcome<InFlight> first = failures.get(0);
      throw new ConnectException(
          "Elasticsearch rejected "
              + failures.size()
              + " of "
              + outcomes.size()
              + " records; the first is "
              + Coordinates.of(first.context().record())
              + ": "
              + first.result().describe());
    }
  }

  private static TopicPartition originalPartition(SinkRecord record) {
    return new TopicPartition(record.originalTopic(), record.originalKafkaPartition());
  }

  @Override
  public void close(Collection<TopicPartition> partitions) {
    offsets.forget(partitions);
  }

  @Override
  public void stop() {
    if (connection != null) {
      connection.close();
    }
  }
}
