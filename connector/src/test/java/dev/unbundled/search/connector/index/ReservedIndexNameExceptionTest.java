package dev.unbundled.search.connector.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Issue 26: the names Elasticsearch's built-in templates keep for data streams. */
class ReservedIndexNameExceptionTest {

  @Test
  void namesInsideTheBuiltInDataStreamPatternsAreKnown() {
    assertThat(ReservedIndexNameException.reservedPattern("logs-app-v1")).contains("logs-*-*");
    assertThat(ReservedIndexNameException.reservedPattern("metrics-host-v2"))
        .contains("metrics-*-*");
    assertThat(ReservedIndexNameException.reservedPattern("traces-a-b-v1")).contains("traces-*-*");
    assertThat(ReservedIndexNameException.reservedPattern("synthetics-x-v3"))
        .contains("synthetics-*-*");
  }

  @Test
  void namesOutsideThemAreNot() {
    assertThat(ReservedIndexNameException.reservedPattern("logs-v1")).isEmpty();
    assertThat(ReservedIndexNameException.reservedPattern("search-logs-app-v1")).isEmpty();
    assertThat(ReservedIndexNameException.reservedPattern("orders-v1")).isEmpty();
    assertThat(ReservedIndexNameException.reservedPattern("logs")).isEmpty();
  }

  @Test
  void aRefusalOfAReservedNameNamesTheSettingAndTheRemedy() {
    assertThat(
            ReservedIndexNameException.forRefusal(
                "logs-app-v1", new IOException("HTTP 400 illegal_argument_exception: ...")))
        .hasValueSatisfying(
            refused ->
                assertThat(refused.getMessage())
                    .contains("index 'logs-app-v1'")
                    .contains("HTTP 400 illegal_argument_exception")
                    .contains("matches 'logs-*-*'")
                    .contains("index.name.format")
                    .contains("search-${topic}-v${version}"));
    assertThat(ReservedIndexNameException.forRefusal("orders-v1", new IOException("HTTP 400")))
        .isEmpty();
  }
}
