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
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * Transforms loaded from the same plugin directories the worker loads them from (Debezium's, and
 * our sink's), for tests that must see exactly what a transform makes of a real record (field and
 * header names, what becomes of a delete or a tombstone) rather than only its effect on an index.
 * Neither plugin is on the tests' class path, so the worker's copy is the only one; each loader
 * sits on top of the tests' Kafka classes as the worker's plugin loaders sit on top of the
 * worker's.
 */
public final class PluginTransforms {

  private static final Map<Path, ClassLoader> LOADERS = new ConcurrentHashMap<>();

  private PluginTransforms() {}

  /** A configured Debezium transform, such as ExtractNewRecordState; the caller closes it. */
  public static Transformation<SinkRecord> debezium(String className, Map<String, String> config) {
    return transformation(
        pluginDirectory(ConnectStack.SOURCE_PLUGIN_PATH_PROPERTY, "debezium-postgres"),
        className,
        config);
  }

  /** A configured transform of our plugin, such as CdcUnwrap; the caller closes it. */
  public static Transformation<SinkRecord> ours(String className, Map<String, String> config) {
    return transformation(
        pluginDirectory(ConnectStack.PLUGIN_PATH_PROPERTY, "unbundled-search-sink/lib"),
        className,
        config);
  }

  @SuppressWarnings("unchecked")
  private static Transformation<SinkRecord> transformation(
      Path jars, String className, Map<String, String> config) {
    try {
      Class<?> type =
          Class.forName(className, true, LOADERS.computeIfAbsent(jars, PluginTransforms::loader));
      Transformation<SinkRecord> transformation =
          (Transformation<SinkRecord>) type.getDeclaredConstructor().newInstance();
      transformation.configure(config);
      return transformation;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Could not load " + className + " from " + jars, e);
    }
  }

  private static Path pluginDirectory(String property, String jars) {
    String pluginPath = System.getProperty(property);
    if (pluginPath == null) {
      throw new IllegalStateException(
          "System property " + property + " is not set; run the tests through Maven");
    }
    return Path.of(pluginPath, jars);
  }

  private static ClassLoader loader(Path directory) {
    try (Stream<Path> jars = Files.list(directory)) {
      List<URL> urls =
          jars.filter(jar -> jar.toString().endsWith(".jar")).map(PluginTransforms::url).toList();
      return new URLClassLoader(urls.toArray(URL[]::new), PluginTransforms.class.getClassLoader());
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
