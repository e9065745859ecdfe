package dev.unbundled.search.tool.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.unbundled.search.tool.ToolException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectOptionsTest {

  @Test
  void noUserNoCredentials() throws Exception {
    assertThat(new ConnectOptions(Map.of()).credentials()).isEmpty();
  }

  @Test
  void thePasswordComesFromTheOptionBeforeTheEnvironment() throws Exception {
    ConnectOptions options =
        new ConnectOptions(Map.of(ConnectOptions.PASSWORD_ENV, "from-environment"));
    options.user = "operator";
    assertThat(new String(options.credentials().orElseThrow().password()))
        .isEqualTo("from-environment");

    options.password = "from-option".toCharArray();
    assertThat(new String(options.credentials().orElseThrow().password())).isEqualTo("from-option");
    assertThat(options.credentials().orElseThrow().toString())
        .contains("operator")
        .doesNotContain("from-option");
  }

  @Test
  void aUserWithoutAPasswordOrAPasswordWithoutAUserIsAMistake() {
    ConnectOptions userOnly = new ConnectOptions(Map.of());
    userOnly.user = "operator";
    assertThatThrownBy(userOnly::credentials)
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("No password for Connect user 'operator'")
        .hasMessageContaining(ConnectOptions.PASSWORD_ENV);

    ConnectOptions passwordOnly =
        new ConnectOptions(Map.of(ConnectOptions.PASSWORD_ENV, "secret-value"));
    assertThatThrownBy(passwordOnly::credentials)
        .hasMessageContaining("no user")
        .hasMessageNotContaining("secret-value");
  }

  @Test
  void aCaFileThatIsMissingOrHoldsNoCertificateIsNamed(@TempDir Path dir) throws Exception {
    ConnectOptions options = new ConnectOptions(Map.of());
    options.ca = dir.resolve("missing.pem");
    assertThatThrownBy(options::sslContext)
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("missing.pem")
        .hasMessageContaining("--connect-ca");

    options.ca = Files.writeString(dir.resolve("empty.pem"), "-----BEGIN CERTIFICATE-----\n");
    assertThatThrownBy(options::sslContext)
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("Cannot set up TLS to Kafka Connect")
        .hasMessageContaining("empty.pem");
  }
}
