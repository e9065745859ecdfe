package dev.unbundled.search.connector.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A documentation page generated from code: rewritten with {@code -Dreference.update=true}, and
 * otherwise required to match what the code generates now.
 */
final class GeneratedPage {

  private static final String HOW =
      "run mvn -B -o -q -pl common,transforms,connector test -Dreference.update=true";

  private GeneratedPage() {}

  static void check(Path page, String generated) throws IOException {
    if (Boolean.getBoolean("reference.update")) {
      Files.createDirectories(page.getParent());
      Files.writeString(page, generated, StandardCharsets.UTF_8);
    }
    assertThat(Files.exists(page)).as("%s is missing; %s", page, HOW).isTrue();
    assertThat(Files.readString(page, StandardCharsets.UTF_8))
        .as("%s is out of date; %s", page, HOW)
        .isEqualTo(generated);
  }
}
