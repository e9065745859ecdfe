package dev.unbundled.search.benchmarks;

import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.DefaultTransportOptions;
import co.elastic.clients.transport.ElasticsearchTransportBase;
import co.elastic.clients.transport.TransportOptions;
import co.elastic.clients.transport.http.TransportHttpClient;
import co.elastic.clients.transport.instrumentation.NoopInstrumentation;
import co.elastic.clients.util.BinaryData;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The Elasticsearch Java client's own transport, serializing requests exactly as it would before
 * sending them, but over an HTTP client that only counts the body's bytes and answers every request
 * with an empty successful bulk response: the client's cost, without a network or a server.
 */
final class CapturingTransport extends ElasticsearchTransportBase {

  private static final byte[] BULK_RESPONSE =
      "{\"took\":0,\"errors\":false,\"items\":[]}".getBytes(StandardCharsets.UTF_8);

  private final Capture capture;

  private CapturingTransport(Capture capture) {
    super(
        capture,
        new DefaultTransportOptions(),
        new JacksonJsonpMapper(),
        NoopInstrumentation.INSTANCE);
    this.capture = capture;
  }

  static CapturingTransport create() {
    return new CapturingTransport(new Capture());
  }

  /** Bytes of request bodies sent since the last call. */
  long takeBodyBytes() {
    long bytes = capture.bodyBytes;
    capture.bodyBytes = 0;
    return bytes;
  }

  private static final class Capture implements TransportHttpClient {
    long bodyBytes;

    @Override
    public Response performRequest(
        String endpointId, Node node, Request request, TransportOptions options) {
      if (request.body() != null) {
        for (ByteBuffer buffer : request.body()) {
          bodyBytes += buffer.remaining();
        }
      }
      return new Ok();
    }

    @Override
    public CompletableFuture<Response> performRequestAsync(
        String endpointId, Node node, Request request, TransportOptions options) {
      return CompletableFuture.completedFuture(performRequest(endpointId, node, request, options));
    }

    @Override
    public void close() {}
  }

  private static final class Ok implements TransportHttpClient.Response {
    @Override
    public TransportHttpClient.Node node() {
      return null;
    }

    @Override
    public int statusCode() {
      return 200;
    }

    @Override
    public String header(String name) {
      return switch (name.toLowerCase(java.util.Locale.ROOT)) {
        case "x-elastic-product" -> "Elasticsearch";
        case "content-type" -> "application/json";
        default -> null;
      };
    }

    @Override
    public List<String> headers(String name) {
      String value = header(name);
      return value == null ? List.of() : List.of(value);
    }

    @Override
    public BinaryData body() {
      return BinaryData.of(BULK_RESPONSE, "application/json");
    }

    @Override
    public Object originalResponse() {
      return null;
    }

    @Override
    public void close() {}
  }
}
