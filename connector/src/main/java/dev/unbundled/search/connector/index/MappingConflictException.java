package dev.unbundled.search.connector.index;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.connect.errors.DataException;

/**
 * A record's schema gives a field a type that its index's mapping cannot take any value of (a
 * {@code long} column that became a string, an object that became a number), and Elasticsearch
 * cannot change a field's type in place. The record's failure, not the task's: records of the
 * schemas the index holds are still written. The remedy is a rebuild into a new index version whose
 * mapping has the new type, which the message spells out.
 */
public final class MappingConflictException extends DataException {

  MappingConflictException(
      String index, String connector, List<MappingDifference.Conflict> fields) {
    super(
        "Index '"
            + index
            + "' cannot take this record's schema: "
            + fields.stream()
                .map(
                    f ->
                        "field '"
                            + f.path()
                            + "' is mapped as ["
                            + f.indexType()
                            + "] in the index, the record's schema needs ["
                            + f.schemaType()
                            + "]")
                .collect(Collectors.joining("; "))
            + ". The search engine cannot change a field's type in place, so no mapping update can"
            + " absorb this schema change. Rebuild into a new index version whose mapping gives"
            + " the field its new type: search-sink reindex "
            + connector
            + " --set index.mappings=@mappings.json (see docs/operations.md); the read alias moves"
            + " to it once it has caught up.");
  }
}
