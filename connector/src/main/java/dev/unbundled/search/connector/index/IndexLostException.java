package dev.unbundled.search.connector.index;

import org.apache.kafka.connect.errors.ConnectException;

/**
 * An index the connector wrote to was deleted behind its back. Its documents are gone while the
 * connector's committed offsets point past them, so going on would build an index that looks
 * complete and is not: the only way forward is a rebuild from offset zero, which the message spells
 * out.
 */
public final class IndexLostException extends ConnectException {

  /** Key, in the marker index's {@code _meta}, of the record of the loss. */
  public static final String META_KEY = "unbundled_search_lost";

  public IndexLostException(String index, String connector) {
    super(
        "Index '"
            + index
            + "' was deleted while connector '"
            + connector
            + "' was writing to it. The documents it held are gone and the offsets already"
            + " committed point past them, so the connector stops rather than build an index that"
            + " looks complete and is not. An empty, write-blocked index '"
            + index
            + "' marks the loss. To rebuild it from offset zero: PUT /connectors/"
            + connector
            + "/stop, DELETE /connectors/"
            + connector
            + "/offsets, delete index '"
            + index
            + "', then PUT /connectors/"
            + connector
            + "/resume.");
  }
}
