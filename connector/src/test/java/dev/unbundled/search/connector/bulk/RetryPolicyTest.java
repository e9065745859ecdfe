package dev.unbundled.search.connector.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private final RetryPolicy policy =
      new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(2));

  @Test
  void overloadStatusesAndNetworkFailuresAreRetriable() {
    for (int status : new int[] {429, 502, 503, 504}) {
      assertThat(policy.isRetriable(new BulkRequestException(status, "x", null))).isTrue();
    }
    assertThat(policy.isRetriable(new SocketTimeoutException())).isTrue();
    assertThat(policy.isRetriable(new IOException("connection reset"))).isTrue();
  }

  @Test
  void requestErrorsAreNotRetriable() {
    for (int status : new int[] {400, 401, 403, 404, 413}) {
      assertThat(policy.isRetriable(new BulkRequestException(status, "x", null))).isFalse();
    }
  }

  @Test
  void backoffGrowsExponentiallyWithinJitterBoundsAndIsCapped() {
    for (int i = 0; i < 100; i++) {
      assertThat(policy.backoff(1).toMillis()).isBetween(50L, 100L);
      assertThat(policy.backoff(3).toMillis()).isBetween(200L, 400L);
      assertThat(policy.backoff(30).toMillis()).isBetween(1000L, 2000L);
    }
  }
}
