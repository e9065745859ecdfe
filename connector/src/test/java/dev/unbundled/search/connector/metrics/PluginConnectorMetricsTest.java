package dev.unbundled.search.connector.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unbundled.search.connector.index.Phase;
import org.junit.jupiter.api.Test;

class PluginConnectorMetricsTest {

  /** Dashboards map these numbers back to names: they must stay what the metric documents. */
  @Test
  void phaseCodesAreTheDocumentedNumbers() {
    assertThat(PluginConnectorMetrics.phaseCode(null)).isZero();
    assertThat(PluginConnectorMetrics.phaseCode(Phase.BUILDING)).isEqualTo(1);
    assertThat(PluginConnectorMetrics.phaseCode(Phase.CAUGHT_UP)).isEqualTo(2);
    assertThat(PluginConnectorMetrics.phaseCode(Phase.LIVE)).isEqualTo(3);
    assertThat(PluginConnectorMetrics.phaseCode(Phase.STANDBY)).isEqualTo(4);
    assertThat(SinkMetric.INDEX_PHASE_CODE.description())
        .contains("0 UNKNOWN, 1 BUILDING, 2 CAUGHT_UP, 3 LIVE, 4 STANDBY");
  }
}
