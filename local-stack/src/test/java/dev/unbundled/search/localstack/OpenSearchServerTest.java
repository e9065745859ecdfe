package dev.unbundled.search.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenSearchServerTest {

  @TempDir Path distribution;

  @Test
  void theVersionComesFromTheCoreJarNotItsNeighbours() throws IOException {
    Path lib = Files.createDirectories(distribution.resolve("lib"));
    for (String jar :
        new String[] {
          "opensearch-3.6.0.jar", "opensearch-core-3.6.0.jar", "opensearch-x-content-3.6.0.jar"
        }) {
      Files.createFile(lib.resolve(jar));
    }

    assertThat(OpenSearchServer.version(distribution)).isEqualTo("3.6.0");
  }

  @Test
  void aDirectoryThatIsNoOpenSearchDistributionIsRefused() throws IOException {
    Files.createDirectories(distribution.resolve("lib"));

    assertThatThrownBy(() -> OpenSearchServer.version(distribution))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("No single OpenSearch core jar");
  }
}
