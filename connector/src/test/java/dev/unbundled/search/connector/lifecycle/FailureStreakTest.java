package dev.unbundled.search.connector.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FailureStreakTest {

  private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

  private final FailureStreak streak = new FailureStreak(Duration.ofMinutes(1));

  @Test
  void anOutageIsReportedWhenItStartsAndAtMostOnceAMinuteWhileItsErrorStaysTheSame() {
    assertThat(streak.failed("connection refused", T0)).isTrue();
    assertThat(streak.failed("connection refused", T0.plusMillis(500))).isFalse();
    assertThat(streak.failed("connection refused", T0.plusSeconds(59))).isFalse();
    assertThat(streak.failed("connection refused", T0.plusSeconds(60))).isTrue();
    assertThat(streak.failed("connection refused", T0.plusSeconds(61))).isFalse();
    assertThat(streak.failures()).isEqualTo(5);
    assertThat(streak.started()).isEqualTo(T0);
  }

  @Test
  void aChangedErrorIsReportedAtOnce() {
    streak.failed("connection refused", T0);
    assertThat(streak.failed("HTTP 503 master_not_discovered_exception", T0.plusSeconds(1)))
        .isTrue();
  }

  @Test
  void theEndOfAStreakTellsHowLongItLastedAndTheNextFailureStartsANewOne() {
    assertThat(streak.succeeded(T0)).isEmpty();
    streak.failed("connection refused", T0);
    streak.failed("connection refused", T0.plusSeconds(1));

    assertThat(streak.succeeded(T0.plusSeconds(90)))
        .contains(new FailureStreak.Ended(2, Duration.ofSeconds(90)));
    assertThat(streak.succeeded(T0.plusSeconds(91))).isEmpty();
    assertThat(streak.failed("connection refused", T0.plusSeconds(92))).isTrue();
    assertThat(streak.started()).isEqualTo(T0.plusSeconds(92));
  }
}
