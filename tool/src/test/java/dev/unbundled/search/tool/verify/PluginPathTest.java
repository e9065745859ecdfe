package dev.unbundled.search.tool.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginPathTest {

  @Test
  void withoutAPluginPathTheToolsOwnClassesServe() {
    assertThat(PluginPath.loader(null)).isSameAs(PluginPath.class.getClassLoader());
    assertThat(PluginPath.loader(" ")).isSameAs(PluginPath.class.getClassLoader());
  }

  @Test
  void everyJarOfEveryPluginDirectoryOfEveryEntryIsLoaded(@TempDir Path dir) throws IOException {
    Path converters = Files.createDirectories(dir.resolve("converters/avro-converter"));
    Files.write(converters.resolve("converter.jar"), new byte[0]);
    Files.write(converters.resolve("avro.jar"), new byte[0]);
    Files.writeString(converters.resolve("README.txt"), "not a jar");
    Path single = Files.write(dir.resolve("transform.jar"), new byte[0]);

    ClassLoader loader = PluginPath.loader(dir.resolve("converters") + ", " + single);

    assertThat(loader.getParent()).isSameAs(PluginPath.class.getClassLoader());
    assertThat(Arrays.stream(((URLClassLoader) loader).getURLs()).map(URL::getPath))
        .containsExactly(
            converters.resolve("avro.jar").toString(),
            converters.resolve("converter.jar").toString(),
            single.toString());
  }

  @Test
  void aMissingEntryIsNamed(@TempDir Path dir) {
    assertThatThrownBy(() -> PluginPath.loader(dir.resolve("nowhere").toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nowhere");
  }
}
