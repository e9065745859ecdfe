package dev.unbundled.search.quickstart;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unbundled.search.localstack.LocalConnect;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The quickstart's second story ({@code --story events}): an event topic of web clicks written into
 * daily time buckets with a 30-day retention, then rebuilt with a new mapping while clicks keep
 * arriving, and the read alias moved from every bucket of v1 to every bucket of v2 in one request.
 * Every number printed is read from the servers.
 */
final class EventStory {

  private static final ObjectMapper JSON = new ObjectMapper();
  static final String TOPIC = "clicks";
  private static final int PARTITIONS = 3;
  private static final int DAYS = 35;
  private static final String[] REFERRERS = {
    "news.example", "search.example", "social.example", "mail.example", "blog.example"
  };

  private final Path repo;
  private final String searchUrl;
  private final String bootstrapServers;
  private final LocalConnect connect;
  private final Search search;

  EventStory(
      Path repo, Search search, String searchUrl, String bootstrapServers, LocalConnect connect) {
    this.repo = repo;
    this.search = search;
    this.searchUrl = searchUrl;
    this.bootstrapServers = bootstrapServers;
    this.connect = connect;
  }

  void run(int events) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(TOPIC, PARTITIONS, (short) 1).configs(Map.of("retention.ms", "-1"))))
          .all()
          .get(30, TimeUnit.SECONDS);
      Quickstart.say(
          "\nProducing %,d web clicks of the last %d days into the topic %s, out of time order"
              + " (late arrivals)...",
          events, DAYS, TOPIC);
      try (Clicks clicks = new Clicks(bootstrapServers, 7)) {
        Instant now = Instant.now();
        for (int i = 0; i < events; i++) {
          clicks.send(now.minus(Duration.ofSeconds(clicks.random.nextLong(DAYS * 86_400L))));
        }
      }

      Quickstart.say(
          "\nCreating connector clicks-search-v1 (config/event-topic-daily-buckets.json):"
              + " one index per day, ${topic}-v${version}-${time:yyyy.MM.dd}, kept for 30 days...");
      connect.rest().putConnector("clicks-search-v1", config());
      awaitAlias(admin, "clicks-search-v1", "-v1-", true);
      long total = TopicOffsets.end(admin, TOPIC, PARTITIONS);
      search.refresh(TOPIC);
      long kept = search.count(TOPIC);
      Quickstart.say(
          "  Readers of the alias '%s' see %,d clicks; the other %,d were older than the 30-day"
              + " retention and were dropped (task metric records-expired-total).",
          TOPIC, kept, total - kept);

      String topReferrers =
          "{\"size\": 0, \"aggs\": {\"top\": {\"terms\": {\"field\": \"referrer\", \"size\": 3}}}}";
      Search.Result onV1 = search.search(TOPIC, topReferrers);
      JsonNode shards = onV1.body().path("_shards");
      Quickstart.say(
          "\nTop referrers through '%s' on v1, whose mapping guessed 'referrer' as text: %s",
          TOPIC,
          onV1.status() != 200
              ? "HTTP " + onV1.status() + " - " + onV1.error()
              : shards.path("failed").asInt() > 0
                  ? String.format(
                      "%d of %d shards failed - %s",
                      shards.path("failed").asInt(),
                      shards.path("total").asInt(),
                      shards.path("failures").path(0).path("reason").path("reason").asText())
                  : "answered");

      Quickstart.say(
          "\nRebuilding as clicks-search-v2 with 'referrer' as a keyword, while new clicks keep"
              + " arriving, with the status tool's reindex:");
      AtomicBoolean writing = new AtomicBoolean(true);
      Thread writer =
          new Thread(
              () -> {
                try (Clicks more = new Clicks(bootstrapServers, 11)) {
                  while (writing.get()) {
                    for (int i = 0; i < 50; i++) {
                      more.send(Instant.now());
                    }
                    Thread.sleep(500);
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "more-clicks");
      writer.start();
      Quickstart.runTool(
          repo,
          connect,
          "reindex",
          "clicks-search-v1",
          "--set",
          "index.mappings=@config/index/clicks-mappings-v2.json",
          "--no-watch");
      awaitAlias(admin, "clicks-search-v2", "-v2-", false);
      writing.set(false);
      writer.join();
      Quickstart.runTool(
          repo, connect, "status", "clicks-search-v1", "clicks-search-v2", "--plain");

      Search.Result onV2 = search.search(TOPIC, topReferrers);
      Quickstart.say("\nTop referrers through '%s', now on v2:", TOPIC);
      for (JsonNode bucket : onV2.body().path("aggregations").path("top").path("buckets")) {
        Quickstart.say(
            "  %-16s %,d clicks", bucket.path("key").asText(), bucket.path("doc_count").asLong());
      }
      Quickstart.say(
          "\nBoth connectors keep running, so both versions stay current: 'search-sink rollback %s'"
              + " moves readers back to every v1 bucket in one request.",
          TOPIC);
    }
  }

  private Map<String, String> config() throws java.io.IOException {
    Map<String, String> config =
        new HashMap<>(
            JSON.readValue(
                repo.resolve("config/event-topic-daily-buckets.json").toFile(),
                new TypeReference<Map<String, String>>() {}));
    config.put("topics", TOPIC);
    config.put("connection.url", searchUrl);
    config.put("kafka.bootstrap.servers", bootstrapServers);
    config.put("alias.check.interval.ms", "1000");
    return config;
  }

  /**
   * Prints progress until the read alias points at the connector's buckets only (the buckets of the
   * other version leave it in the same request) and, with {@code whole}, the connector has
   * committed the whole topic (no clicks arrive meanwhile).
   */
  private void awaitAlias(Admin admin, String connector, String version, boolean whole)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
    while (System.nanoTime() < deadline) {
      long end = TopicOffsets.end(admin, TOPIC, PARTITIONS);
      long committed = TopicOffsets.committed(admin, connector);
      TreeSet<String> behindAlias = new TreeSet<>(search.aliasTargets(TOPIC));
      boolean moved =
          !behindAlias.isEmpty() && behindAlias.stream().allMatch(index -> index.contains(version));
      Quickstart.say(
          "  %s: %,d of %,d clicks committed | alias %s -> %s",
          connector,
          committed,
          end,
          TOPIC,
          behindAlias.isEmpty()
              ? "(none yet)"
              : behindAlias.size()
                  + " buckets, "
                  + behindAlias.first()
                  + " .. "
                  + behindAlias.last());
      if (moved && (!whole || committed >= end)) {
        Quickstart.say(
            "  The alias '%s' points at all %d buckets of %s (moved in one _aliases request).",
            TOPIC, behindAlias.size(), connector);
        return;
      }
      for (JsonNode task : connect.rest().status(connector).path("tasks")) {
        if (task.path("state").asText().equals("FAILED")) {
          throw new IllegalStateException("A task failed: " + task.path("trace").asText());
        }
      }
      Thread.sleep(2_000);
    }
    throw new IllegalStateException(connector + " did not take the alias within 15 minutes");
  }

  /** Writes clicks: a page, a referrer and a duration, at the time given as record timestamp. */
  private static final class Clicks implements AutoCloseable {

    final SplittableRandom random;
    private final KafkaProducer<String, String> producer;

    Clicks(String bootstrapServers, long seed) {
      this.random = new SplittableRandom(seed);
      this.producer =
          new KafkaProducer<>(
              Map.of(
                  ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  bootstrapServers,
                  ProducerConfig.LINGER_MS_CONFIG,
                  20,
                  ProducerConfig.BATCH_SIZE_CONFIG,
                  256 * 1024),
              new StringSerializer(),
              new StringSerializer());
    }

    void send(Instant at) {
      String value =
          String.format(
              "{\"page\": \"/products/%d\", \"referrer\": \"%s\", \"duration_ms\": %d,"
                  + " \"at\": \"%s\"}",
              random.nextInt(500),
              REFERRERS[random.nextInt(REFERRERS.length)],
              random.nextInt(60_000),
              at);
      producer.send(new ProducerRecord<>(TOPIC, null, at.toEpochMilli(), null, value));
    }

    @Override
    public void close() {
      producer.close();
    }
  }
}
