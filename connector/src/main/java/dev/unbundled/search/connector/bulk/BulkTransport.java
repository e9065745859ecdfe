package dev.unbundled.search.connector.bulk;

import java.io.IOException;
import java.util.List;

/** Sends one bulk request body and returns one result per operation, in request order. */
@FunctionalInterface
public interface BulkTransport {

  /**
   * @throws BulkRequestException when Elasticsearch answered the whole request with an error
   * @throws IOException when no answer came (connection refused, timeout, broken response)
   */
  List<BulkItemResult> send(byte[] body, int length, int operations) throws IOException;
}
