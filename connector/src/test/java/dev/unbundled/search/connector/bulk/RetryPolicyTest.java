package dev.unbundled.search.connector.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.security.cert.CertificateException;
import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private final RetryPolicy policy =
      new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(2));

  @Test
  void overloadStatusesAndNetworkFailuresAreTransient() {
    for (int status : new int[] {408, 429, 502, 503, 504}) {
      assertThat(RetryPolicy.kind(new BulkRequestException(status, "x", null)))
          .isEqualTo(RetryPolicy.Kind.TRANSIENT);
    }
    assertThat(RetryPolicy.kind(new SocketTimeoutException()))
        .isEqualTo(RetryPolicy.Kind.TRANSIENT);
    assertThat(RetryPolicy.kind(new IOException("connection reset")))
        .isEqualTo(RetryPolicy.Kind.TRANSIENT);
  }

  @Test
  void blocksAndRejectedExecutionsAreTransientWhateverTheirStatus() {
    assertThat(RetryPolicy.kind(new BulkRequestException(403, "cluster_block_exception", "", null)))
        .isEqualTo(RetryPolicy.Kind.TRANSIENT);
    assertThat(RetryPolicy.kind(500, "es_rejected_execution_exception"))
        .isEqualTo(RetryPolicy.Kind.TRANSIENT);
  }

  @Test
  void otherServerErrorsMayHealAndAreCountedAgainstMaxRetries() {
    assertThat(RetryPolicy.kind(new BulkRequestException(500, "x", null)))
        .isEqualTo(RetryPolicy.Kind.SERVER_ERROR);
    assertThat(RetryPolicy.kind(500, "illegal_state_exception"))
        .isEqualTo(RetryPolicy.Kind.SERVER_ERROR);
  }

  @Test
  void requestErrorsAndUntrustedCertificatesArePermanent() {
    for (int status : new int[] {400, 401, 403, 404, 413}) {
      assertThat(RetryPolicy.kind(new BulkRequestException(status, "x", null)))
          .isEqualTo(RetryPolicy.Kind.PERMANENT);
    }
    IOException untrusted = new SSLHandshakeException("PKIX path building failed");
    untrusted.initCause(new CertificateException("untrusted"));
    assertThat(RetryPolicy.kind(untrusted)).isEqualTo(RetryPolicy.Kind.PERMANENT);
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
