package dev.unbundled.search.it.harness;

import dev.unbundled.search.localstack.ElasticsearchCluster;
import dev.unbundled.search.localstack.SchemaRegistryServer;
import dev.unbundled.search.localstack.SearchServer;
import java.nio.file.Path;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests the real servers they run against: one search server, of the {@link Engine} the run
 * selected (Elasticsearch by default), one Kafka + Connect cluster (1 broker, 1 worker) and, for
 * the Avro tests, one schema registry, for the whole test run, each started on first use and
 * stopped when the run ends. Tests share them and stay apart by using unique topic, connector,
 * index and subject names.
 *
 * <p>Declare a parameter of type {@link Elasticsearch} (the search server's HTTP API, whichever the
 * engine), {@link EmbeddedConnectCluster} or {@link SchemaRegistry} in a test method, constructor
 * or lifecycle method to receive one. The tests of multi-node behaviour declare an {@link
 * ElasticsearchCluster}: three Elasticsearch nodes with 512 MB of heap each, started on first use
 * (only runs that include such a test pay for it) and shared by those tests, which may kill and
 * restart its nodes but leave it with three nodes. The tests of a real CDC source declare a {@link
 * Postgres}: one PostgreSQL server, started on first use and shared the same way (each test takes a
 * fresh database of it).
 */
public final class SearchStackExtension implements ParameterResolver {

  /** Where the build unpacked the Elasticsearch distribution; set by the build. */
  public static final String ELASTICSEARCH_HOME_PROPERTY = "elasticsearch.home";

  /** Where the build unpacked the schema registry; set by the build. */
  public static final String SCHEMA_REGISTRY_HOME_PROPERTY = "schema.registry.home";

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SearchStackExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == Elasticsearch.class
        || type == EmbeddedConnectCluster.class
        || type == SchemaRegistry.class
        || type == ElasticsearchCluster.class
        || type == Postgres.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
    if (parameter.getParameter().getType() == Elasticsearch.class) {
      ElasticsearchResource server =
          store.getOrComputeIfAbsent(
              ElasticsearchResource.class,
              key -> ElasticsearchResource.start(),
              ElasticsearchResource.class);
      return new Elasticsearch(server.server().url(), server.server().product());
    }
    if (parameter.getParameter().getType() == ElasticsearchCluster.class) {
      return store
          .getOrComputeIfAbsent(
              ClusterResource.class, key -> ClusterResource.start(), ClusterResource.class)
          .cluster();
    }
    if (parameter.getParameter().getType() == Postgres.class) {
      return store
          .getOrComputeIfAbsent(
              PostgresResource.class, key -> PostgresResource.start(), PostgresResource.class)
          .server();
    }
    if (parameter.getParameter().getType() == SchemaRegistry.class) {
      RegistryResource registry =
          store.getOrComputeIfAbsent(
              RegistryResource.class, key -> RegistryResource.start(), RegistryResource.class);
      return new SchemaRegistry(registry.server().url().toString());
    }
    return store
        .getOrComputeIfAbsent(
            ConnectResource.class,
            key -> new ConnectResource(ConnectStack.start("shared-connect", 1)),
            ConnectResource.class)
        .cluster();
  }

  /**
   * A server of its own for a test that stops it or changes its settings, of the engine this run
   * selected; the test closes it.
   */
  public static SearchServer startOwnServer(String name, String heap) {
    Engine engine = Engine.selected();
    try {
      return engine.start(Path.of("target", "search-server-logs", engine.toString(), name), heap);
    } catch (Exception e) {
      throw new IllegalStateException("Could not start " + engine, e);
    }
  }

  /** The shared server, stopped by JUnit when the run ends. */
  private record ElasticsearchResource(SearchServer server)
      implements ExtensionContext.Store.CloseableResource {

    static ElasticsearchResource start() {
      Engine engine = Engine.selected();
      try {
        SearchServer server =
            engine.start(Path.of("target", "search-server-logs", engine.toString()), "1g");
        System.out.printf(
            "%s started at %s in %.1f s%n",
            server.product(), server.url(), server.startTime().toMillis() / 1000.0);
        return new ElasticsearchResource(server);
      } catch (Exception e) {
        throw new IllegalStateException("Could not start " + engine, e);
      }
    }

    @Override
    public void close() {
      server.close();
    }
  }

  /** The shared three-node Elasticsearch cluster, stopped by JUnit when the run ends. */
  private record ClusterResource(ElasticsearchCluster cluster)
      implements ExtensionContext.Store.CloseableResource {

    static ClusterResource start() {
      String home = System.getProperty(ELASTICSEARCH_HOME_PROPERTY);
      if (home == null) {
        throw new IllegalStateException(
            "System property "
                + ELASTICSEARCH_HOME_PROPERTY
                + " is not set; run the tests through Maven");
      }
      try {
        ElasticsearchCluster cluster =
            ElasticsearchCluster.start(
                Path.of(home), Path.of("target", "search-server-logs", "cluster"), 3, "512m");
        System.out.printf(
            "%s started at %s in %.1f s%n",
            cluster.product(), cluster.urls(), cluster.startTime().toMillis() / 1000.0);
        return new ClusterResource(cluster);
      } catch (Exception e) {
        throw new IllegalStateException("Could not start the Elasticsearch cluster", e);
      }
    }

    @Override
    public void close() {
      cluster.close();
    }
  }

  /** The shared Kafka and Connect cluster, stopped by JUnit when the run ends. */
  private record ConnectResource(EmbeddedConnectCluster cluster)
      implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      cluster.stop();
    }
  }

  /** The shared schema registry, stopped (by its process) when the run ends. */
  private record RegistryResource(SchemaRegistryServer server)
      implements ExtensionContext.Store.CloseableResource {

    static RegistryResource start() {
      String home = System.getProperty(SCHEMA_REGISTRY_HOME_PROPERTY);
      if (home == null) {
        throw new IllegalStateException(
            "System property "
                + SCHEMA_REGISTRY_HOME_PROPERTY
                + " is not set; run the tests through Maven");
      }
      try {
        SchemaRegistryServer server =
            SchemaRegistryServer.start(
                Path.of(home), Path.of("target", "schema-registry-logs", "registry.log"));
        System.out.printf(
            "Schema registry started at %s in %.1f s%n",
            server.url(), server.startTime().toMillis() / 1000.0);
        return new RegistryResource(server);
      } catch (Exception e) {
        throw new IllegalStateException("Could not start the schema registry", e);
      }
    }

    @Override
    public void close() {
      server.close();
    }
  }

  /** The shared PostgreSQL server, stopped by JUnit when the run ends. */
  private record PostgresResource(Postgres server)
      implements ExtensionContext.Store.CloseableResource {

    static PostgresResource start() {
      long started = System.nanoTime();
      try {
        Postgres server = Postgres.start(Path.of("target", "postgres-logs", "postgres.log"));
        System.out.printf(
            "PostgreSQL started on port %d in %.1f s%n",
            server.port(), (System.nanoTime() - started) / 1e9);
        return new PostgresResource(server);
      } catch (Exception e) {
        throw new IllegalStateException("Could not start PostgreSQL", e);
      }
    }

    @Override
    public void close() {
      server.close();
    }
  }
}
