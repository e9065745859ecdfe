package dev.unbundled.search.connector.config;

import java.util.Optional;

/**
 * TLS to Elasticsearch: the certificates to trust (empty: the JVM's defaults), an optional client
 * certificate, and whether the server's certificate must name the host.
 */
public record TlsSettings(
    Optional<String> truststore,
    String truststoreType,
    char[] truststorePassword,
    Optional<String> keystore,
    String keystoreType,
    char[] keystorePassword,
    char[] keyPassword,
    boolean verifyHostname) {

  /** Whether anything differs from the JVM's default TLS behaviour. */
  public boolean customized() {
    return truststore.isPresent() || keystore.isPresent() || !verifyHostname;
  }

  @Override
  public String toString() {
    return "TlsSettings[truststore="
        + truststore
        + ", keystore="
        + keystore
        + ", verifyHostname="
        + verifyHostname
        + ", passwords=[hidden]]";
  }
}
