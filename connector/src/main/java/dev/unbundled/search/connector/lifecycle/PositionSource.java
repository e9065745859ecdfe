package dev.unbundled.search.connector.lifecycle;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/** Where a connector stands in each partition of its topics: {@link CatchUpCheck} asks Kafka. */
@FunctionalInterface
public interface PositionSource {

  Map<TopicPartition, CatchUpCheck.Position> positions() throws Exception;
}
