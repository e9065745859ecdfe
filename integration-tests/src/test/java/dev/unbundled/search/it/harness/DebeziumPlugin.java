package dev.unbundled.search.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * Debezium's transforms loaded from the same plugin directory the worker loads them from, for tests
 * that must see exactly what a transform makes of a real record (field and header names, what
 * becomes of a delete) rather than only its effect on an index. Debezium is not on the tests' class
 * path, so the worker's copy is the only one; this loader sits on top of the tests' Kafka classes
 * as the worker's plugin loader sits on top of the worker's.
 */
public final class DebeziumPlugin {

  private static ClassLoader loader;

  private DebeziumPlugin() {}

  /** A configured instance of a Debezium transform for sink records; the caller closes it. */
  @SuppressWarnings("unchecked")
  public static Transformation<SinkRecord> transformation(
      String className, Map<String, String> config) {
    try {
      Class<?> type = Class.forName(className, true, loader());
      Transformation<SinkRecord> transformation =
          (Transformation<SinkRecord>) type.getDeclaredConstructor().newInstance();
      transformation.configure(config);
      return transformation;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Could not load " + className, e);
    }
  }

  private static synchronized ClassLoader loader() {
    if (loader == null) {
      loader = newLoader();
    }
    return loader;
  }

  private static ClassLoader newLoader() {
    String pluginPath = System.getProperty(ConnectStack.SOURCE_PLUGIN_PATH_PROPERTY);
    if (pluginPath == null) {
      throw new IllegalStateException(
          "System property "
              + ConnectStack.SOURCE_PLUGIN_PATH_PROPERTY
              + " is not set; run the tests through Maven");
    }
    Path directory = Path.of(pluginPath, "debezium-postgres");
    try (Stream<Path> jars = Files.list(directory)) {
      List<URL> urls =
          jars.filter(jar -> jar.toString().endsWith(".jar")).map(DebeziumPlugin::url).toList();
      return new URLClassLoader(urls.toArray(URL[]::new), DebeziumPlugin.class.getClassLoader());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static URL url(Path jar) {
    try {
      return jar.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }
}
