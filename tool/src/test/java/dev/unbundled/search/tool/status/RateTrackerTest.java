package dev.unbundled.search.tool.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateTrackerTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void aRateNeedsTwoSamples() {
    RateTracker rates = new RateTracker(Duration.ofSeconds(30));
    assertThat(rates.sample("a", 0, 100)).isNull();
    assertThat(rates.sample("a", 2 * SECOND, 300)).isEqualTo(100.0);
  }

  @Test
  void theRateCoversOnlyTheWindow() {
    RateTracker rates = new RateTracker(Duration.ofSeconds(10));
    rates.sample("a", 0, 0);
    rates.sample("a", 10 * SECOND, 10_000);
    // The first 10 s ran at 1,000/s, the next 10 s at 100/s: only the latter is in the window.
    rates.sample("a", 15 * SECOND, 10_500);
    assertThat(rates.sample("a", 20 * SECOND, 11_000)).isEqualTo(100.0);
  }

  @Test
  void aCounterThatWentDownStartsOver() {
    RateTracker rates = new RateTracker(Duration.ofSeconds(30));
    rates.sample("a", 0, 5_000);
    assertThat(rates.sample("a", SECOND, 10)).isNull();
    assertThat(rates.sample("a", 2 * SECOND, 60)).isEqualTo(50.0);
  }

  @Test
  void countersAreTrackedApart() {
    RateTracker rates = new RateTracker(Duration.ofSeconds(30));
    rates.sample("a", 0, 0);
    rates.sample("b", 0, 0);
    assertThat(rates.sample("a", SECOND, 10)).isEqualTo(10.0);
    assertThat(rates.sample("b", SECOND, 20)).isEqualTo(20.0);
  }
}
