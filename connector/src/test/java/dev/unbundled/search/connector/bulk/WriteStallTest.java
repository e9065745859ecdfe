package dev.unbundled.search.connector.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WriteStallTest {

  private long now;
  private final WriteStall stall = new WriteStall(() -> now);

  private void advance(Duration duration) {
    now += duration.toNanos();
  }

  @Test
  void aStallLastsFromTheFirstFailedAttemptToTheNextAcknowledgedWrite() {
    advance(Duration.ofMinutes(10));
    stall.acknowledged();
    advance(Duration.ofMinutes(1));
    assertThat(stall.current()).isEmpty();
    assertThat(stall.sinceLastWrite()).isEqualTo(Duration.ofMinutes(1));

    stall.failed(new ConnectException("Connection refused"));
    advance(Duration.ofSeconds(30));
    stall.failed(new BulkRequestException(503, "unavailable_shards_exception", "x", null));
    advance(Duration.ofSeconds(222));

    assertThat(stall.current())
        .hasValueSatisfying(
            s -> {
              assertThat(s.duration()).isEqualTo(Duration.ofSeconds(252));
              assertThat(s.error()).isEqualTo("503 unavailable_shards_exception");
              assertThat(s.failedAttempts()).isEqualTo(2);
              assertThat(s).hasToString("4m12s: 503 unavailable_shards_exception");
            });
    stall.acknowledged();
    assertThat(stall.current()).isEmpty();
    assertThat(stall.sinceLastWrite()).isZero();
  }

  @Test
  void errorsAreClassedShortAndStable() {
    assertThat(WriteStall.errorClass(new ConnectException("Connection refused")))
        .isEqualTo("connection refused");
    assertThat(WriteStall.errorClass(new SocketTimeoutException("30,000 milliseconds")))
        .isEqualTo("timeout");
    assertThat(WriteStall.errorClass(new BulkRequestException(429, null, "x", null)))
        .isEqualTo("HTTP 429");
    assertThat(WriteStall.errorClass(new IOException("odd"))).isEqualTo("IOException");
  }

  @Test
  void durationsReadBriefly() {
    assertThat(WriteStall.brief(Duration.ofMillis(300))).isEqualTo("0.3s");
    assertThat(WriteStall.brief(Duration.ofSeconds(42))).isEqualTo("42s");
    assertThat(WriteStall.brief(Duration.ofSeconds(252))).isEqualTo("4m12s");
    assertThat(WriteStall.brief(Duration.ofMinutes(62))).isEqualTo("1h02m");
  }
}
