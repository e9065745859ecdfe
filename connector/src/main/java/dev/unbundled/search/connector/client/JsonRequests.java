package dev.unbundled.search.connector.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;

/**
 * Administrative requests whose bodies are JSON the user wrote (index settings, mappings, {@code
 * _meta}), sent through the low-level client so they reach Elasticsearch exactly as written.
 */
public final class JsonRequests implements JsonApi {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final RestRequests requests;

  public JsonRequests(RestRequests requests) {
    this.requests = requests;
  }

  /** An error answer: its status and the error's type and reason. */
  public static final class ElasticsearchError extends IOException {
    private final int status;
    private final String type;

    public ElasticsearchError(int status, String type, String reason, Throwable cause) {
      super("HTTP " + status + (type == null ? "" : " " + type + ": " + reason), cause);
      this.status = status;
      this.type = type;
    }

    public int status() {
      return status;
    }

    public String type() {
      return type;
    }
  }

  @Override
  public JsonNode send(String method, String path, JsonNode body) throws IOException {
    Request request = new Request(method, path);
    if (body != null) {
      request.setEntity(new StringEntity(body.toString(), ContentType.APPLICATION_JSON));
    }
    Response response;
    try {
      response = requests.perform(request);
    } catch (ResponseException e) {
      Response failed = e.getResponse();
      JsonNode error = readQuietly(failed).path("error");
      throw new ElasticsearchError(
          failed.getStatusLine().getStatusCode(),
          error.isObject() ? error.path("type").asText(null) : null,
          error.isObject() ? error.path("reason").asText(null) : error.asText(null),
          e);
    }
    return read(response);
  }

  private static JsonNode read(Response response) throws IOException {
    if (response.getEntity() == null) {
      return JSON.createObjectNode();
    }
    try (InputStream in = response.getEntity().getContent()) {
      return JSON.readTree(in);
    }
  }

  private static JsonNode readQuietly(Response response) {
    try {
      return read(response);
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }
}
