package dev.unbundled.search.it.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A test CA, a server certificate it signed (for {@code localhost} and {@code 127.0.0.1}) in a
 * PKCS12 keystore, and a second CA that signed nothing: made with the JDK's own keytool, so no
 * other tool is needed.
 */
public final class TestCertificates {

  private final Path dir;
  private final String storePassword;

  private TestCertificates(Path dir, String storePassword) {
    this.dir = dir;
    this.storePassword = storePassword;
  }

  public static TestCertificates create(Path dir, String storePassword)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    TestCertificates certificates = new TestCertificates(dir, storePassword);
    certificates.authority("ca");
    certificates.authority("other-ca");
    certificates.keytool(
        "-genkeypair",
        "-alias",
        "server",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-validity",
        "7",
        "-dname",
        "CN=localhost",
        "-keystore",
        "server.p12",
        "-storetype",
        "PKCS12");
    certificates.keytool(
        "-certreq", "-alias", "server", "-keystore", "server.p12", "-file", "server.csr");
    certificates.keytool(
        "-gencert",
        "-alias",
        "ca",
        "-keystore",
        "ca.p12",
        "-infile",
        "server.csr",
        "-outfile",
        "server.pem",
        "-rfc",
        "-validity",
        "7",
        "-ext",
        "SAN=dns:localhost,ip:127.0.0.1",
        "-ext",
        "EKU=serverAuth");
    // The chain: the CA first, so that the signed certificate can replace the self-signed one.
    certificates.keytool(
        "-importcert", "-alias", "ca", "-file", "ca.pem", "-keystore", "server.p12", "-noprompt");
    certificates.keytool(
        "-importcert", "-alias", "server", "-file", "server.pem", "-keystore", "server.p12");
    return certificates;
  }

  private void authority(String name) throws IOException, InterruptedException {
    keytool(
        "-genkeypair",
        "-alias",
        "ca",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-validity",
        "7",
        "-dname",
        "CN=Search Sink test " + name,
        "-ext",
        "bc:c",
        "-keystore",
        name + ".p12",
        "-storetype",
        "PKCS12");
    keytool(
        "-exportcert", "-rfc", "-alias", "ca", "-keystore", name + ".p12", "-file", name + ".pem");
  }

  /** The CA that signed the server certificate, as PEM. */
  public Path ca() {
    return dir.resolve("ca.pem");
  }

  /** A CA that signed nothing here, as PEM. */
  public Path otherCa() {
    return dir.resolve("other-ca.pem");
  }

  /** The server's key and certificate chain, PKCS12, with {@link #storePassword()}. */
  public Path serverKeystore() {
    return dir.resolve("server.p12");
  }

  public String storePassword() {
    return storePassword;
  }

  private void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    command.addAll(List.of("-storepass", storePassword, "-keypass", storePassword));
    Process process =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new IOException("keytool " + args[0] + " failed: " + output);
    }
  }
}
