package dev.unbundled.search.connector.convert;

import dev.unbundled.search.connector.bulk.DocumentOperation;
import dev.unbundled.search.connector.index.IndexNameFormat;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Decides what a record means for its index: a tombstone deletes the document, any other value
 * replaces it. The document id comes from the key and the external version is the record's Kafka
 * offset, so replays and reordered writes can never overwrite a newer document with an older one.
 */
public final class RecordConverter {

  private final IndexNameFormat indexNames;

  public RecordConverter(IndexNameFormat indexNames) {
    this.indexNames = indexNames;
  }

  /** The index a record goes to: by the topic it has after the worker's transforms. */
  public String indexFor(SinkRecord record) {
    return indexNames.indexFor(record.topic());
  }

  public DocumentOperation convert(SinkRecord record) {
    String index = indexFor(record);
    String id = DocumentIds.fromKey(record.key());
    long version = record.kafkaOffset();
    if (record.value() == null) {
      return DocumentOperation.delete(index, id, version);
    }
    return DocumentOperation.index(
        index,
        id,
        version,
        generator -> ConnectJsonWriter.write(generator, record.valueSchema(), record.value()));
  }
}
