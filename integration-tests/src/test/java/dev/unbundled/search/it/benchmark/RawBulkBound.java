package dev.unbundled.search.it.benchmark;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Elasticsearch's own limit for the benchmark's topic: the same writes the connector makes (every
 * record, as an {@code index} of the same id and JSON with its Kafka offset as external version),
 * pre-serialized as {@code _bulk} NDJSON in requests of about 5 MB and sent back to back by one or
 * more threads. With several senders each takes whole partitions, as the connector's tasks do, so
 * each document's writes still arrive in order and none is a version conflict.
 *
 * <p>Request bodies are written to files once and read back while sending (from the page cache, a
 * fraction of a millisecond per request), so the test JVM's heap stays free for the connector.
 */
final class RawBulkBound {

  static final int REQUEST_BYTES = 5 * 1024 * 1024;

  /**
   * With {@code -Dbenchmark.raw.connectorRequests=true} the requests take the connector's shape
   * apart from their size: they name a hidden write alias of the index with {@code
   * require_alias=true}, and ask for the connector's {@code filter_path}. To tell what those cost
   * Elasticsearch.
   */
  static final boolean CONNECTOR_SHAPE = Boolean.getBoolean("benchmark.raw.connectorRequests");

  static final String WRITE_ALIAS_SUFFIX = ".Writer";

  /** One sender's requests: their bodies back to back in a file, and their lengths. */
  private record RequestFile(Path path, List<Integer> lengths) {}

  private final Path directory;
  private final String index;
  private final BenchmarkRecords records;
  private final BenchmarkTopic topic;
  private final boolean events;
  private final Map<Integer, List<RequestFile>> bySenders = new HashMap<>();
  private final AtomicLong bytesSent = new AtomicLong();
  private volatile long bytesToSend = 1;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** Requests that write to {@code index}, whose files go into {@code directory}. */
  RawBulkBound(Path directory, String index, BenchmarkRecords records, BenchmarkTopic topic) {
    this(directory, index, records, topic, false);
  }

  /**
   * @param events whether each record is an event of its own, as the connector writes them with
   *     {@code key.ignore=true}: its id the record's coordinates, without version
   */
  RawBulkBound(
      Path directory,
      String index,
      BenchmarkRecords records,
      BenchmarkTopic topic,
      boolean events) {
    this.directory = directory;
    this.index = index;
    this.records = records;
    this.topic = topic;
    this.events = events;
  }

  String index() {
    return index;
  }

  int topicSize() {
    return records.count();
  }

  /** The topic whose records the requests write. */
  BenchmarkTopic topic() {
    return topic;
  }

  /** Writes the request files for {@code senders} threads, unless written already. */
  void prepare(int senders) throws IOException {
    requestsFor(senders);
  }

  /** Sends every request with {@code senders} threads; returns the time from first to last. */
  Duration send(URI elasticsearch, int senders) throws Exception {
    List<RequestFile> files = requestsFor(senders);
    bytesSent.set(0);
    bytesToSend =
        files.stream().flatMap(file -> file.lengths().stream()).mapToLong(Integer::longValue).sum();
    URI bulk =
        elasticsearch.resolve(
            CONNECTOR_SHAPE
                ? "/_bulk?require_alias=true&filter_path=errors,items.*.status,items.*.error.type,"
                    + "items.*.error.reason"
                : "/_bulk?filter_path=errors,items.*.error");
    ExecutorService pool = Executors.newFixedThreadPool(senders);
    try {
      long start = System.nanoTime();
      List<Future<?>> running = new ArrayList<>();
      for (RequestFile file : files) {
        running.add(pool.submit(() -> sendAll(bulk, file)));
      }
      for (Future<?> sender : running) {
        sender.get();
      }
      return Duration.ofNanos(System.nanoTime() - start);
    } finally {
      pool.shutdownNow();
    }
  }

  /** The share of the current {@link #send}'s bytes written so far, 0 to 1. */
  double progress() {
    return (double) bytesSent.get() / bytesToSend;
  }

  private Void sendAll(URI bulk, RequestFile file) throws IOException, InterruptedException {
    int largest = file.lengths().stream().mapToInt(Integer::intValue).max().orElse(0);
    byte[] body = new byte[largest];
    try (FileChannel channel = FileChannel.open(file.path())) {
      for (int length : file.lengths()) {
        ByteBuffer buffer = ByteBuffer.wrap(body, 0, length);
        while (buffer.hasRemaining()) {
          if (channel.read(buffer) < 0) {
            throw new IOException("Unexpected end of " + file.path());
          }
        }
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(bulk)
                    .timeout(Duration.ofMinutes(5))
                    .header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body, 0, length))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || !response.body().startsWith("{\"errors\":false")) {
          throw new IOException(
              "Bulk request failed: HTTP " + response.statusCode() + " " + abbreviate(response));
        }
        bytesSent.addAndGet(length);
      }
    }
    return null;
  }

  private static String abbreviate(HttpResponse<String> response) {
    String body = response.body();
    return body.length() > 500 ? body.substring(0, 500) + "..." : body;
  }

  private synchronized List<RequestFile> requestsFor(int senders) throws IOException {
    List<RequestFile> files = bySenders.get(senders);
    if (files == null) {
      files = write(senders);
      bySenders.put(senders, files);
    }
    return files;
  }

  /**
   * Sender {@code s} gets the records of the partitions {@code p} with {@code p % senders == s}.
   */
  private List<RequestFile> write(int senders) throws IOException {
    Files.createDirectories(directory);
    List<RequestFile> files = new ArrayList<>();
    List<OutputStream> outs = new ArrayList<>();
    List<ByteArrayOutputStream> pending = new ArrayList<>();
    try {
      for (int s = 0; s < senders; s++) {
        Path path = directory.resolve("raw-" + senders + "-" + s + ".ndjson");
        files.add(new RequestFile(path, new ArrayList<>()));
        outs.add(new BufferedOutputStream(Files.newOutputStream(path), 1 << 20));
        pending.add(new ByteArrayOutputStream(REQUEST_BYTES + 64 * 1024));
      }
      int i = 0;
      for (BenchmarkRecords.Record record : records) {
        int sender = topic.partitions()[i] % senders;
        ByteArrayOutputStream request = pending.get(sender);
        String target = CONNECTOR_SHAPE ? index + WRITE_ALIAS_SUFFIX : index;
        String action =
            events
                ? "{\"index\":{\"_index\":\""
                    + target
                    + "\",\"_id\":\""
                    + topic.name()
                    + "+"
                    + topic.partitions()[i]
                    + "+"
                    + topic.offsets()[i]
                    + "\"}}\n"
                : "{\"index\":{\"_index\":\""
                    + target
                    + "\",\"_id\":\""
                    + record.key()
                    + "\",\"version\":"
                    + topic.offsets()[i]
                    + ",\"version_type\":\"external\"}}\n";
        request.writeBytes(action.getBytes(StandardCharsets.UTF_8));
        request.writeBytes(record.value().getBytes(StandardCharsets.UTF_8));
        request.write('\n');
        if (request.size() >= REQUEST_BYTES) {
          flush(request, outs.get(sender), files.get(sender));
        }
        i++;
      }
      for (int s = 0; s < senders; s++) {
        if (pending.get(s).size() > 0) {
          flush(pending.get(s), outs.get(s), files.get(s));
        }
      }
    } finally {
      for (OutputStream out : outs) {
        try {
          out.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return files;
  }

  private static void flush(ByteArrayOutputStream request, OutputStream out, RequestFile file)
      throws IOException {
    request.writeTo(out);
    file.lengths().add(request.size());
    request.reset();
  }
}
