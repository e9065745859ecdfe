package dev.unbundled.search.tool.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Converters and transforms that are not on the tool's class path, found the way a worker finds
 * them: in the directories of a {@code plugin.path} (comma-separated), each holding plugin
 * directories of jars, or jars. verify needs them to read what the worker reads, for example Avro
 * through a schema registry's converter.
 *
 * <p>Unlike a worker, the tool loads every plugin in one class loader, after its own classes
 * (Kafka, Jackson, the sink's rules), which is enough for converters and transforms that bring
 * their own dependencies.
 */
public final class PluginPath {

  private PluginPath() {}

  /** The class loader for {@code pluginPath}, or the tool's own when it is null or blank. */
  public static ClassLoader loader(String pluginPath) {
    ClassLoader tool = PluginPath.class.getClassLoader();
    if (pluginPath == null || pluginPath.isBlank()) {
      return tool;
    }
    List<URL> jars = new ArrayList<>();
    for (String entry : pluginPath.split(",")) {
      if (!entry.isBlank()) {
        jars.addAll(jars(Path.of(entry.trim())));
      }
    }
    return new URLClassLoader("plugin-path", jars.toArray(URL[]::new), tool);
  }

  private static List<URL> jars(Path entry) {
    if (!Files.exists(entry)) {
      throw new IllegalArgumentException("plugin path entry " + entry + " does not exist");
    }
    try (Stream<Path> files = Files.walk(entry)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> f.toString().endsWith(".jar") || f.toString().endsWith(".zip"))
          .sorted()
          .map(PluginPath::url)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read plugin path entry " + entry, e);
    }
  }

  private static URL url(Path jar) {
    try {
      return jar.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
