package dev.unbundled.search.connector.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A self-signed certificate made with the JDK's keytool, as a PKCS12 keystore (password {@value
 * #PASSWORD}) and as PEM.
 */
record TestCertificates(Path keystore, Path pem) {

  static final String PASSWORD = "changeit";

  /**
   * @param subjectAlternativeName such as {@code ip:127.0.0.1}, or null for none
   */
  static TestCertificates selfSigned(Path dir, String name, String subjectAlternativeName)
      throws IOException, InterruptedException {
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    TestCertificates made =
        new TestCertificates(dir.resolve(name + ".p12"), dir.resolve(name + ".pem"));
    List<String> generate =
        new ArrayList<>(
            List.of(
                keytool,
                "-genkeypair",
                "-alias",
                name,
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=localhost",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                made.keystore().toString(),
                "-storepass",
                PASSWORD,
                "-keypass",
                PASSWORD));
    if (subjectAlternativeName != null) {
      generate.addAll(List.of("-ext", "SAN=" + subjectAlternativeName));
    }
    run(generate);
    run(
        List.of(
            keytool,
            "-exportcert",
            "-rfc",
            "-alias",
            name,
            "-keystore",
            made.keystore().toString(),
            "-storepass",
            PASSWORD,
            "-file",
            made.pem().toString()));
    return made;
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as(output).isZero();
  }
}
