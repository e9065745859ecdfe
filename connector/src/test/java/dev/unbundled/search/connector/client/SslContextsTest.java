package dev.unbundled.search.connector.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.unbundled.search.connector.config.TlsSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SslContextsTest {

  private static final char[] PASSWORD = "changeit".toCharArray();

  @TempDir static Path dir;
  private static Path keystore;
  private static Path pem;

  /** A self-signed certificate made with the JDK's keytool, as a PKCS12 keystore and as PEM. */
  @BeforeAll
  static void makeCertificate() throws Exception {
    TestCertificates certificate = TestCertificates.selfSigned(dir, "client", null);
    keystore = certificate.keystore();
    pem = certificate.pem();
  }

  private static TlsSettings trusting(Path truststore, String type, char[] password) {
    return new TlsSettings(
        Optional.of(truststore.toString()),
        type,
        password,
        Optional.empty(),
        "PKCS12",
        null,
        null,
        true);
  }

  @Test
  void trustsTheCertificatesOfAPemFile() {
    SSLContext context = SslContexts.create(trusting(pem, "PEM", null));

    assertThat(context.getProtocol()).isEqualTo("TLS");
  }

  @Test
  void loadsPkcs12TruststoresAndClientKeystores() {
    TlsSettings tls =
        new TlsSettings(
            Optional.of(keystore.toString()),
            "PKCS12",
            PASSWORD,
            Optional.of(keystore.toString()),
            "PKCS12",
            PASSWORD,
            null,
            true);

    assertThat(SslContexts.create(tls)).isNotNull();
  }

  @Test
  void aWrongPasswordIsAConfigErrorThatDoesNotShowThePassword() {
    char[] wrong = "hunter2-secret".toCharArray();

    assertThatThrownBy(() -> SslContexts.create(trusting(keystore, "PKCS12", wrong)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Cannot set up TLS")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void aFileWithoutCertificatesIsRejected() throws IOException {
    Path empty = Files.writeString(dir.resolve("empty.pem"), "");

    assertThatThrownBy(() -> SslContexts.create(trusting(empty, "PEM", null)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("empty.pem");
  }
}
