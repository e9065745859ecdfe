package dev.unbundled.search.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Where the build (or {@code quickstart.sh}) unpacked the search servers' distributions. */
public final class Distributions {

  private Distributions() {}

  /**
   * The distribution the build unpacked into {@code target/<engine>} or, for a chosen {@code
   * version}, the {@code <engine>-<version>} directory in any {@code target/<engine>*} (where the
   * build unpacks Elasticsearch 9 and {@code quickstart.sh} other versions).
   */
  public static Path find(Path target, String engine, String version) throws IOException {
    if (version == null) {
      try (Stream<Path> dirs = Files.list(target.resolve(engine))) {
        return dirs.filter(Files::isDirectory)
            .findFirst()
            .orElseThrow(
                () -> new IOException(engine + " was not unpacked; run mvn package first"));
      }
    }
    try (Stream<Path> unpacked = Files.list(target)) {
      return unpacked
          .filter(dir -> dir.getFileName().toString().startsWith(engine))
          .map(dir -> dir.resolve(engine + "-" + version))
          .filter(Files::isDirectory)
          .findFirst()
          .orElseThrow(
              () ->
                  new IOException(
                      engine
                          + " "
                          + version
                          + " was not unpacked under "
                          + target
                          + "; quickstart.sh fetches it from Maven Central"));
    }
  }
}
