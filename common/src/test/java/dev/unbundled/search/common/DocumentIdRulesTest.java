package dev.unbundled.search.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DocumentIdRulesTest {

  @Test
  void separatorsAndBackslashesInsidePartsAreEscapedSoDifferentPartsNeverCollide() {
    assertThat(DocumentIdRules.join(List.of("a|b", "c"), "|")).isEqualTo("a\\|b|c");
    assertThat(DocumentIdRules.join(List.of("a", "b|c"), "|")).isEqualTo("a|b\\|c");
    assertThat(DocumentIdRules.join(List.of("a\\", "b"), "|")).isEqualTo("a\\\\|b");
    assertThat(DocumentIdRules.join(List.of("x::y", "z"), "::")).isEqualTo("x\\::y::z");
  }

  @Test
  void bytesAreBase64AndOtherValuesTheirStringForm() {
    byte[] bytes = "key".getBytes(StandardCharsets.UTF_8);

    assertThat(DocumentIdRules.text(bytes)).isEqualTo("a2V5");
    assertThat(DocumentIdRules.text(ByteBuffer.wrap(bytes))).isEqualTo("a2V5");
    assertThat(DocumentIdRules.text(42L)).isEqualTo("42");
  }

  @Test
  void idsAreMeasuredInUtf8BytesAgainstElasticsearchsLimit() {
    assertThat(DocumentIdRules.tooLong("x".repeat(512))).isEmpty();
    assertThat(DocumentIdRules.tooLong("x".repeat(513))).hasValue(513);
    assertThat(DocumentIdRules.tooLong("é".repeat(256))).isEmpty();
    assertThat(DocumentIdRules.tooLong("é".repeat(257))).hasValue(514);
  }
}
