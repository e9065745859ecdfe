package dev.unbundled.search.connector.bulk;

import dev.unbundled.search.connector.client.RestRequests;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;

/** Sends bulk bodies through Elasticsearch's low-level REST client. */
public final class RestBulkTransport implements BulkTransport {

  private static final ContentType NDJSON = ContentType.create("application/x-ndjson");

  /** 401 and 403 are never retried: the same credentials would be refused again. */
  private static final String AUTHENTICATION_HINT =
      " (the credentials or their rights were refused: check connection.username and"
          + " connection.password, connection.api.key or connection.bearer.token, or with"
          + " connection.auth.type=aws-sigv4 the AWS credentials, aws.region and aws.service, and"
          + " the policy's rights on the index)";

  private final RestRequests requests;

  public RestBulkTransport(RestRequests requests) {
    this.requests = requests;
  }

  @Override
  public List<BulkItemResult> send(byte[] body, int length, int operations) throws IOException {
    Request request = new Request("POST", "/_bulk");
    request.addParameter("filter_path", BulkResponseParser.FILTER_PATH);
    // Targets are write aliases: a deleted index must fail the write, not be created again.
    request.addParameter("require_alias", "true");
    request.setEntity(new ByteArrayEntity(body, 0, length, NDJSON));
    Response response;
    try {
      response = requests.perform(request);
    } catch (ResponseException e) {
      int status = e.getResponse().getStatusLine().getStatusCode();
      BulkItemResult error = new BulkItemResult(status, null, null);
      if (e.getResponse().getEntity() != null) {
        try (InputStream in = e.getResponse().getEntity().getContent()) {
          error = BulkResponseParser.parseError(in, status);
        } catch (IOException unreadable) {
          // The status alone tells what it was.
        }
      }
      throw new BulkRequestException(
          status,
          error.errorType(),
          "The search engine rejected the bulk request: "
              + error.describe()
              + (status == 401 || status == 403 ? AUTHENTICATION_HINT : ""),
          e);
    }
    try (InputStream in = response.getEntity().getContent()) {
      return BulkResponseParser.parse(in, operations);
    }
  }
}
