package dev.unbundled.search.connector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.unbundled.search.common.FieldPaths;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code document.version=field:PATH} and {@code routing.field=key.PATH}/{@code value.PATH} take a
 * path by one rule ({@link FieldPaths#isValid}): they accept and refuse the same paths.
 */
class DottedPathRuleTest {

  @ParameterizedTest
  @ValueSource(strings = {"id", "source.lsn", "a.b.c", "__source_lsn"})
  void bothSettingsAcceptAValidPath(String path) {
    assertThat(FieldPaths.isValid(path)).isTrue();
    assertThat(DocumentVersion.parse("field:" + path).name()).isEqualTo(path);
    assertThat(RoutingField.parse("value." + path))
        .get()
        .extracting(RoutingField::path)
        .isEqualTo(path);
    assertThat(RoutingField.parse("key." + path))
        .get()
        .extracting(RoutingField::path)
        .isEqualTo(path);
  }

  @ParameterizedTest
  @ValueSource(strings = {".id", "id.", "source..lsn", "."})
  void bothSettingsRefuseAPathWithAnEmptyName(String path) {
    assertThat(FieldPaths.isValid(path)).isFalse();
    assertThatThrownBy(() -> DocumentVersion.parse("field:" + path))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RoutingField.parse("value." + path))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RoutingField.parse("key." + path))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
