package dev.unbundled.search.tool.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigDiffTest {

  @Test
  void keysAddedRemovedAndChangedInKeyOrder() {
    List<ConfigDiff.Change> changes =
        ConfigDiff.between(
            Map.of("a", "1", "b", "2", "same", "x"),
            Map.of("a", "1", "c", "3", "same", "y"),
            key -> false);

    assertThat(ConfigDiff.lines(changes)).containsExactly("- b: 2", "+ c: 3", "~ same: x -> y");
  }

  @Test
  void jsonValuesAreComparedFieldByField() {
    List<ConfigDiff.Change> changes =
        ConfigDiff.between(
            Map.of(
                "m", "{\"properties\":{\"a\":{\"type\":\"text\"},\"b\":{\"type\":\"keyword\"}}}"),
            Map.of(
                "m",
                "{\"properties\": {\"a\": {\"type\": \"keyword\"}, \"c\": {\"type\": \"long\"}}}"),
            key -> false);

    assertThat(ConfigDiff.lines(changes))
        .containsExactly(
            "~ m (JSON):",
            "    ~ properties.a.type: \"text\" -> \"keyword\"",
            "    - properties.b.type: \"keyword\"",
            "    + properties.c.type: \"long\"");
  }

  @Test
  void aValueOnSeveralLinesIsShownOnOne() {
    List<ConfigDiff.Change> changes =
        ConfigDiff.between(
            Map.of("text", "a\nb"),
            Map.of("text", "a\nc", "m", "{\n  \"properties\": {}\n}\n"),
            key -> false);

    assertThat(ConfigDiff.lines(changes))
        .containsExactly("+ m: {\"properties\":{}}", "~ text: a\\nb -> a\\nc");
  }

  @Test
  void secretsAreHiddenWhetherAddedRemovedOrChanged() {
    List<ConfigDiff.Change> changes =
        ConfigDiff.between(
            Map.of("p", "old-secret", "q", "gone-secret"),
            Map.of("p", "new-secret", "r", "added-secret"),
            key -> true);

    assertThat(String.join("\n", ConfigDiff.lines(changes)))
        .doesNotContain("secret")
        .contains("~ p: [hidden] -> [hidden]", "- q: [hidden]", "+ r: [hidden]");
  }
}
