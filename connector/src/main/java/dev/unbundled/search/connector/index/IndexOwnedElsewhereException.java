package dev.unbundled.search.connector.index;

import org.apache.kafka.connect.errors.ConnectException;

/** The index a connector would write to belongs to another connector. */
public final class IndexOwnedElsewhereException extends ConnectException {

  public IndexOwnedElsewhereException(String index, String connector, IndexOwnership owner) {
    super(
        "Index '"
            + index
            + "' belongs to connector '"
            + owner.connector()
            + "' (topic '"
            + owner.topic()
            + "', version "
            + owner.version()
            + "), so connector '"
            + connector
            + "' will not write into it. Give this connector another index.version or"
            + " index.name.format, or delete the index if it is no longer used.");
  }
}
