package dev.unbundled.search.connector.index;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.apache.kafka.connect.data.Schema;

/**
 * Derives the mapping of an index from its records' Connect value schema (the connector's {@code
 * convert.SchemaMapping}, which also knows how those types are written).
 */
@FunctionalInterface
public interface MappingDerivation {

  /** The {@code mappings} object for records of {@code valueSchema}, when it gives one. */
  Optional<ObjectNode> mappingFor(Schema valueSchema);
}
