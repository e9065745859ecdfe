package dev.unbundled.search.it.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unbundled.search.localstack.ElasticsearchCluster;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * A test on the shared three-node Elasticsearch cluster (and the shared Connect cluster). Tests
 * read through node 1 and never kill it; connectors get every node's address, as in production. A
 * test that kills a node brings it back before it ends, so the next test finds three nodes.
 */
public abstract class ClusterStackTest extends SharedStackTest {

  protected final ElasticsearchCluster cluster;

  protected ClusterStackTest(ElasticsearchCluster cluster, EmbeddedConnectCluster connect) {
    super(new Elasticsearch(cluster.node(1).url(), cluster.product()), connect);
    this.cluster = cluster;
  }

  /** {@link SinkConfigs#jsonSink} with every node of the cluster in {@code connection.url}. */
  protected Map<String, String> clusterSink(String topic, int version, int tasks) {
    Map<String, String> config =
        SinkConfigs.jsonSink(topic, elasticsearch, connect, version, tasks);
    config.put(
        "connection.url",
        cluster.urls().stream().map(URI::toString).collect(Collectors.joining(",")));
    return config;
  }

  /** The index's cluster health status: green, yellow or red. */
  protected String health(String index) {
    return elasticsearch.get("/_cluster/health/" + index + "?timeout=1s").path("status").asText();
  }

  /**
   * Watches, every 100 ms until stopped, whether {@code alias} points at {@code index}, and if so
   * the index's health: what readers could have met.
   */
  protected final class AliasWatch implements AutoCloseable {
    private final List<String> statusWhileAliased = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean watching = new AtomicBoolean(true);
    private final AtomicLong looks = new AtomicLong();
    private final Thread thread;

    public AliasWatch(String alias, String index) {
      thread =
          new Thread(
              () -> {
                while (watching.get()) {
                  try {
                    if (elasticsearch.aliasHolders(alias).contains(index)) {
                      statusWhileAliased.add(health(index));
                    }
                    looks.incrementAndGet();
                    Thread.sleep(100);
                  } catch (InterruptedException e) {
                    return;
                  } catch (RuntimeException nodeDown) {
                    // A request that failed while a node restarts: look again.
                  }
                }
              },
              "alias-watch-" + alias);
      thread.start();
    }

    /**
     * Stops watching after two more looks (so that what the caller just saw is seen too); the
     * health seen at each look that found the alias on the index.
     */
    public List<String> statusesWhileAliased() throws InterruptedException {
      long target = looks.get() + 2;
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
      while (looks.get() < target && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      close();
      return List.copyOf(statusWhileAliased);
    }

    @Override
    public void close() throws InterruptedException {
      watching.set(false);
      thread.join();
    }
  }

  /** The operator's {@code verify} compares the index with the topic and finds them equal. */
  protected void assertVerifyMatches(String connector) throws Exception {
    StatusTool.Result verify = new StatusTool(connect).run("verify", connector);
    assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
    assertThat(verify.out()).endsWith("MATCH\n");
  }
}
