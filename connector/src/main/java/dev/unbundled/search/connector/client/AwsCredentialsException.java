package dev.unbundled.search.connector.client;

import java.io.IOException;
import java.util.Optional;

/**
 * No AWS credentials could be found to sign a request with: the default chain found none, or the
 * role could not be assumed. The message says which sources were tried, never a credential.
 */
public final class AwsCredentialsException extends IOException {

  AwsCredentialsException(String message, Throwable cause) {
    super(message, cause);
  }

  /** This failure among the causes of {@code failure}, which the HTTP client wraps on its way. */
  public static Optional<AwsCredentialsException> in(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof AwsCredentialsException noCredentials) {
        return Optional.of(noCredentials);
      }
    }
    return Optional.empty();
  }
}
