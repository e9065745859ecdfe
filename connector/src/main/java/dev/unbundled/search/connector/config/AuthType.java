package dev.unbundled.search.connector.config;

import java.util.Arrays;
import java.util.Locale;

/** How the connector authenticates to the search engine: {@code connection.auth.type}. */
public enum AuthType {
  /** The HTTP credentials set, if any: a user name and password, an API key or a bearer token. */
  BASIC("basic"),
  /** Every request signed with AWS Signature Version 4 and the AWS default credentials. */
  AWS_SIGV4("aws-sigv4");

  public static final String KEY = "connection.auth.type";

  static final String DOC =
      "How requests are authenticated. <code>basic</code> (default): with the credentials set"
          + " here, if any (connection.username and connection.password, connection.api.key or"
          + " connection.bearer.token), as before this setting existed. <code>aws-sigv4</code>:"
          + " every request is signed with AWS Signature Version 4 (Amazon OpenSearch Service,"
          + " OpenSearch Serverless), with credentials from the AWS SDK's default chain"
          + " (environment, system properties, profile files, web identity on EKS, container and"
          + " instance roles), resolved again for each request so that rotated credentials are"
          + " used without a restart; needs aws.region, and no other credentials.";

  private final String value;

  AuthType(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }

  /** The values users write, in declaration order. */
  static String[] names() {
    return Arrays.stream(values()).map(AuthType::value).toArray(String[]::new);
  }

  static AuthType parse(String value) {
    String lower = value.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(type -> type.value.equals(lower))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Unknown " + KEY + ": " + value));
  }

  @Override
  public String toString() {
    return value;
  }
}
