package dev.unbundled.search.tool.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.unbundled.search.tool.ToolException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigOverridesTest {

  @TempDir Path dir;

  @Test
  void valuesMayHoldEqualsSigns() throws Exception {
    ConfigOverrides overrides =
        ConfigOverrides.parse(List.of("transforms.route.format=${topic}=x"), List.of(), dir);

    assertThat(overrides.set()).containsEntry("transforms.route.format", "${topic}=x");
  }

  @Test
  void atFileReadsTheValueWithoutItsFinalLineBreak() throws Exception {
    Files.writeString(dir.resolve("mappings.json"), "{\n  \"properties\": {}\n}\n\n");

    ConfigOverrides overrides =
        ConfigOverrides.parse(List.of("index.mappings=@mappings.json"), List.of(), dir);

    assertThat(overrides.set()).containsEntry("index.mappings", "{\n  \"properties\": {}\n}");
  }

  @Test
  void doubleAtIsALiteralAt() throws Exception {
    assertThat(ConfigOverrides.parse(List.of("a=@@b"), List.of(), dir).set())
        .containsEntry("a", "@b");
  }

  @Test
  void malformedArgumentsAreNamed() {
    assertThatThrownBy(() -> ConfigOverrides.parse(List.of("novalue"), List.of(), dir))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("--set novalue: expected key=value");
    assertThatThrownBy(() -> ConfigOverrides.parse(List.of("a=1", "a=2"), List.of(), dir))
        .hasMessageContaining("twice");
    assertThatThrownBy(() -> ConfigOverrides.parse(List.of("a=1"), List.of("a"), dir))
        .hasMessageContaining("--set and --unset both name a");
    assertThatThrownBy(() -> ConfigOverrides.parse(List.of("m=@missing.json"), List.of(), dir))
        .hasMessageContaining("cannot read")
        .hasMessageContaining("missing.json");
  }
}
