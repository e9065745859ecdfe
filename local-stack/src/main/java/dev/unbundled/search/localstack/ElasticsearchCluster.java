package dev.unbundled.search.localstack;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A real Elasticsearch cluster of several nodes: one process per node, all from the same unpacked
 * distribution, each with its own run directory (config, data, logs) and its own loopback ports,
 * finding each other through {@code discovery.seed_hosts}. Every node is master-eligible and holds
 * data, as in a small production cluster, so a cluster of three survives the loss of any one.
 *
 * <p>Each node is an {@link ElasticsearchServer}: tests {@link SearchServer#kill() kill} one,
 * {@link SearchServer#wipeData() wipe} its data and {@link SearchServer#restart() restart} it.
 */
public final class ElasticsearchCluster implements AutoCloseable {

  private final List<ElasticsearchServer> nodes;
  private final Duration startTime;

  private ElasticsearchCluster(List<ElasticsearchServer> nodes, Duration startTime) {
    this.nodes = nodes;
    this.startTime = startTime;
  }

  /**
   * Starts {@code size} nodes with {@code heap} each and waits until every one of them has joined.
   *
   * @param keptLogs where each node's logs are kept when it stops, in a directory per node
   */
  public static ElasticsearchCluster start(Path distribution, Path keptLogs, int size, String heap)
      throws IOException, InterruptedException {
    long started = System.nanoTime();
    List<SearchServer.Node> layout = new ArrayList<>();
    for (int i = 1; i <= size; i++) {
      layout.add(
          new SearchServer.Node(
              "node-" + i,
              SearchServer.freePort(),
              SearchServer.freePort(),
              Map.of(),
              Map.of(),
              ""));
    }
    String seeds =
        layout.stream()
            .map(node -> "127.0.0.1:" + node.transportPort())
            .collect(Collectors.joining(","));
    String names = layout.stream().map(SearchServer.Node::name).collect(Collectors.joining(","));
    List<ElasticsearchServer> nodes = new ArrayList<>();
    try {
      for (SearchServer.Node node : layout) {
        SearchServer.Node member =
            new SearchServer.Node(
                node.name(),
                node.httpPort(),
                node.transportPort(),
                Map.of(
                    "cluster.name", "unbundled-search-it-cluster", "discovery.seed_hosts", seeds),
                Map.of("cluster.initial_master_nodes", names),
                "wait_for_nodes=" + size);
        nodes.add(
            ElasticsearchServer.launchNode(
                distribution, keptLogs.resolve(node.name()), heap, member));
      }
      for (ElasticsearchServer node : nodes) {
        node.awaitStarted(started);
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      nodes.forEach(ElasticsearchServer::close);
      throw e;
    }
    return new ElasticsearchCluster(
        List.copyOf(nodes), Duration.ofNanos(System.nanoTime() - started));
  }

  /** Node {@code number}, counted from 1 as the nodes are named ({@code node-1}). */
  public ElasticsearchServer node(int number) {
    return nodes.get(number - 1);
  }

  /** Every node's HTTP address. */
  public List<URI> urls() {
    return nodes.stream().map(SearchServer::url).toList();
  }

  public String product() {
    return nodes.get(0).product() + " (" + nodes.size() + " nodes)";
  }

  /** How long it took from preparing the first node to every node in the cluster. */
  public Duration startTime() {
    return startTime;
  }

  @Override
  public void close() {
    nodes.forEach(ElasticsearchServer::close);
  }
}
