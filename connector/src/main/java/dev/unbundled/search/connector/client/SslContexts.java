package dev.unbundled.search.connector.client;

import dev.unbundled.search.connector.config.TlsSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.ConfigException;

/**
 * Builds the TLS context for https connections from the connector's settings; the status tool
 * builds its context for Connect's REST API here too.
 */
public final class SslContexts {

  private SslContexts() {}

  static SSLContext create(TlsSettings tls) {
    return create(tls, "the search engine");
  }

  /**
   * The context for https connections to {@code peer}, which errors name.
   *
   * @throws ConfigException when a certificate file or store cannot be read
   */
  public static SSLContext create(TlsSettings tls, String peer) {
    try {
      TrustManager[] trust = null;
      if (tls.truststore().isPresent()) {
        TrustManagerFactory factory =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trustStore(tls));
        trust = factory.getTrustManagers();
      }
      KeyManager[] keys = null;
      if (tls.keystore().isPresent()) {
        KeyStore store = load(tls.keystore().get(), tls.keystoreType(), tls.keystorePassword());
        KeyManagerFactory factory =
            KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, tls.keyPassword() != null ? tls.keyPassword() : tls.keystorePassword());
        keys = factory.getKeyManagers();
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys, trust, null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      // Message only: it names the file, never a password.
      throw new ConfigException("Cannot set up TLS to " + peer + ": " + e.getMessage());
    }
  }

  private static KeyStore trustStore(TlsSettings tls) throws IOException, GeneralSecurityException {
    String location = tls.truststore().orElseThrow();
    if (!tls.truststoreType().equals("PEM")) {
      return load(location, tls.truststoreType(), tls.truststorePassword());
    }
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (InputStream in = Files.newInputStream(Path.of(location))) {
      int n = 0;
      for (Certificate certificate :
          CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca-" + n++, certificate);
      }
      if (n == 0) {
        throw new GeneralSecurityException("No certificate in " + location);
      }
    }
    return store;
  }

  private static KeyStore load(String location, String type, char[] password)
      throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(type);
    try (InputStream in = Files.newInputStream(Path.of(location))) {
      store.load(in, password);
    }
    return store;
  }
}
