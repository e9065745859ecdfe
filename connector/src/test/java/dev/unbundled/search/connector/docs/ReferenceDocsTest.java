package dev.unbundled.search.connector.docs;

import dev.unbundled.search.connector.SearchSinkConnector;
import dev.unbundled.search.connector.config.SearchSinkConfig;
import dev.unbundled.search.transforms.CdcUnwrap;
import dev.unbundled.search.transforms.DocumentIdFromFields;
import dev.unbundled.search.transforms.RouteByField;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The configuration reference in {@code docs/reference/} is generated from the ConfigDefs and must
 * match them: a setting changed in code without regenerating fails the build. Regenerate with
 * {@code mvn -B -o -q -pl common,transforms,connector test -Dreference.update=true}.
 */
class ReferenceDocsTest {

  private static final Path REFERENCE = Path.of("..", "docs", "reference");

  static java.util.stream.Stream<Arguments> pages() {
    return java.util.stream.Stream.of(
        Arguments.of(
            "connector.md",
            SearchSinkConnector.class.getName(),
            SearchSinkConnector.OVERVIEW_DOC,
            SearchSinkConfig.CONFIG_DEF),
        Arguments.of(
            "cdc-unwrap.md",
            CdcUnwrap.class.getName(),
            CdcUnwrap.OVERVIEW_DOC,
            CdcUnwrap.CONFIG_DEF),
        Arguments.of(
            "document-id-from-fields.md",
            DocumentIdFromFields.class.getName() + "$Value / $Key",
            DocumentIdFromFields.OVERVIEW_DOC,
            DocumentIdFromFields.CONFIG_DEF),
        Arguments.of(
            "route-by-field.md",
            RouteByField.class.getName(),
            RouteByField.OVERVIEW_DOC,
            RouteByField.CONFIG_DEF));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pages")
  void referencePageMatchesTheConfigDef(
      String file, String className, String overview, ConfigDef def) throws IOException {
    String generated = render(className, overview, def);
    GeneratedPage.check(REFERENCE.resolve(file), generated);
  }

  static String render(String className, String overview, ConfigDef def) {
    StringBuilder page = new StringBuilder();
    String title = className.substring(className.lastIndexOf('.') + 1);
    page.append("# ").append(title).append("\n\n");
    page.append("<!-- Generated from the ConfigDef by ReferenceDocsTest: do not edit. -->\n\n");
    page.append("`").append(className).append("`\n\n");
    page.append(markdown(overview)).append("\n");
    String group = null;
    java.util.List<String> groups = def.groups();
    java.util.List<ConfigDef.ConfigKey> keys =
        def.configKeys().values().stream()
            .sorted(
                java.util.Comparator.comparingInt(
                        (ConfigDef.ConfigKey k) -> k.group == null ? -1 : groups.indexOf(k.group))
                    .thenComparingInt(k -> k.orderInGroup)
                    .thenComparing(k -> k.name))
            .toList();
    for (ConfigDef.ConfigKey key : keys) {
      if (key.group != null && !key.group.equals(group)) {
        group = key.group;
        page.append("\n## ").append(group).append("\n");
      }
      page.append("\n### `").append(key.name).append("`\n\n");
      page.append(markdown(key.documentation)).append("\n\n");
      page.append("- Type: ")
          .append(key.type.name().toLowerCase(java.util.Locale.ROOT))
          .append("\n");
      page.append("- Default: ").append(defaultOf(key)).append("\n");
      if (key.validator != null && !key.validator.toString().isBlank()) {
        page.append("- Valid values: ").append(markdown(key.validator.toString())).append("\n");
      }
      page.append("- Importance: ")
          .append(key.importance.name().toLowerCase(java.util.Locale.ROOT))
          .append("\n");
    }
    return page.toString();
  }

  private static String defaultOf(ConfigDef.ConfigKey key) {
    if (!key.hasDefault()) {
      return "required";
    }
    Object value = key.defaultValue;
    String text =
        value instanceof java.util.List<?> list
            ? String.join(",", list.stream().map(String::valueOf).toList())
            : String.valueOf(value);
    return value == null || text.isEmpty() ? "empty" : "`" + text + "`";
  }

  private static String markdown(String html) {
    String text = html;
    for (Map.Entry<String, String> entity :
        Map.of("<code>", "`", "</code>", "`", "&lt;", "<", "&gt;", ">", "&amp;", "&").entrySet()) {
      text = text.replace(entity.getKey(), entity.getValue());
    }
    return text;
  }
}
