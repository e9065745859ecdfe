package dev.unbundled.search.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds a Java installation of at least some version, for servers that need a newer Java than the
 * build runs on (Elasticsearch 9 and OpenSearch 3 need 21). Looks at {@code $OPENSEARCH_JAVA_HOME},
 * the running Java, then every JDK under {@code /usr/lib/jvm} (where Debian's packages and this
 * project's machines put them), and takes the oldest that is new enough.
 */
public final class JavaHomes {

  /** Where JDKs are installed on Debian. */
  static final Path SYSTEM_JVMS = Path.of("/usr/lib/jvm");

  private static final Pattern JAVA_VERSION =
      Pattern.compile("^JAVA_VERSION=\"(?:1\\.)?(\\d+)", Pattern.MULTILINE);

  private JavaHomes() {}

  /** A Java home of at least {@code feature} (21 for Java 21), if this machine has one. */
  public static Optional<Path> atLeast(int feature) {
    return candidates().stream()
        .filter(home -> featureOf(home).orElse(0) >= feature)
        .min(Comparator.comparingInt(home -> featureOf(home).orElse(0)));
  }

  /** Where {@link #atLeast} looks, for messages when it finds nothing. */
  public static String searched() {
    return "$OPENSEARCH_JAVA_HOME, the running Java ("
        + System.getProperty("java.home")
        + ") and "
        + SYSTEM_JVMS
        + "/*";
  }

  private static List<Path> candidates() {
    List<Path> homes = new ArrayList<>();
    String configured = System.getenv("OPENSEARCH_JAVA_HOME");
    if (configured != null && !configured.isBlank()) {
      homes.add(Path.of(configured));
    }
    homes.add(Path.of(System.getProperty("java.home")));
    if (Files.isDirectory(SYSTEM_JVMS)) {
      try (Stream<Path> installed = Files.list(SYSTEM_JVMS)) {
        installed.filter(Files::isDirectory).sorted().forEach(homes::add);
      } catch (IOException e) {
        // Nothing more to look at.
      }
    }
    return homes;
  }

  /** The feature version (17, 21, 25) in a Java home's {@code release} file. */
  static Optional<Integer> featureOf(Path home) {
    if (!Files.isExecutable(home.resolve("bin/java"))) {
      return Optional.empty();
    }
    try {
      Matcher version = JAVA_VERSION.matcher(Files.readString(home.resolve("release")));
      return version.find() ? Optional.of(Integer.parseInt(version.group(1))) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
