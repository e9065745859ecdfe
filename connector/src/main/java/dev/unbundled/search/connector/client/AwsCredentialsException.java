package dev.unbundled.search.connector.client;

import java.io.IOException;

/**
 * No AWS credentials could be found to sign a request with: the default chain found none, or the
 * role could not be assumed. The message says which sources were tried, never a credential.
 */
public final class AwsCredentialsException extends IOException {

  AwsCredentialsException(String message, Throwable cause) {
    super(message, cause);
  }
}
