package dev.unbundled.search.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaHomesTest {

  @TempDir Path dir;

  private Path javaHome(String name, String releaseVersion) throws IOException {
    Path home = dir.resolve(name);
    Files.createDirectories(home.resolve("bin"));
    Path java = Files.createFile(home.resolve("bin/java"));
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(
        home.resolve("release"),
        "IMPLEMENTOR=\"Eclipse Adoptium\"\nJAVA_VERSION=\"" + releaseVersion + "\"\n");
    return home;
  }

  @Test
  void readsTheFeatureVersionOfAJavaHome() throws IOException {
    assertThat(JavaHomes.featureOf(javaHome("temurin-25", "25.0.3"))).contains(25);
    assertThat(JavaHomes.featureOf(javaHome("openjdk-17", "17.0.15"))).contains(17);
    assertThat(JavaHomes.featureOf(javaHome("old", "1.8.0_402"))).contains(8);
  }

  @Test
  void aDirectoryWithoutAJavaIsNoJavaHome() throws IOException {
    Path notAJdk = Files.createDirectories(dir.resolve("openjdk-17-doc"));
    Files.writeString(notAJdk.resolve("release"), "JAVA_VERSION=\"21.0.1\"\n");

    assertThat(JavaHomes.featureOf(notAJdk)).isEmpty();
  }

  @Test
  void theRunningJavaIsAlwaysACandidate() {
    int running = Runtime.version().feature();

    assertThat(JavaHomes.atLeast(running)).isPresent();
  }
}
