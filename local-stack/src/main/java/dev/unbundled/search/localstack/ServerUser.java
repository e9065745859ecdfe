package dev.unbundled.search.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The unprivileged system user a search server runs as when the build runs as root (as CI does):
 * Elasticsearch and OpenSearch both refuse to run as root. The user is created when missing, with
 * no home and no login shell, and owns nothing but the servers' own run directories.
 */
final class ServerUser {

  static final String NAME = "unbundled-search";

  private static boolean created;

  private ServerUser() {}

  static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /**
   * The command prefix that runs what follows as the server user, after making sure it exists;
   * nothing when the build does not run as root.
   */
  static List<String> commandPrefix() throws IOException, InterruptedException {
    if (!isRoot()) {
      return List.of();
    }
    ensureExists();
    return List.of("setpriv", "--reuid=" + NAME, "--regid=" + NAME, "--clear-groups", "--");
  }

  /** Creates the user (and its group) unless it exists; safe when several builds race. */
  private static synchronized void ensureExists() throws IOException, InterruptedException {
    if (created || run("getent", "passwd", NAME) == 0) {
      created = true;
      return;
    }
    int exit =
        run(
            "useradd",
            "--system",
            "--no-create-home",
            "--user-group",
            "--shell",
            "/usr/sbin/nologin",
            NAME);
    // 9: another build created it a moment ago.
    if (exit != 0 && exit != 9) {
      throw new IOException(
          "Could not create the system user "
              + NAME
              + " that search servers run as (useradd exited with "
              + exit
              + ")");
    }
    created = true;
  }

  /**
   * Gives the server user a directory tree the server writes to. Also what repairs a tree that a
   * start attempted as root left partly owned by root (OpenSearch writes {@code
   * config/opensearch.keystore} before it refuses to run), so it is done before every start.
   */
  static void own(Path root) throws IOException, InterruptedException {
    if (!isRoot()) {
      return;
    }
    ensureExists();
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
    UserPrincipalLookupService lookup = root.getFileSystem().getUserPrincipalLookupService();
    UserPrincipal owner = lookup.lookupPrincipalByName(NAME);
    GroupPrincipal group = lookup.lookupPrincipalByGroupName(NAME);
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.toList()) {
        PosixFileAttributeView view =
            Files.getFileAttributeView(path, PosixFileAttributeView.class);
        view.setOwner(owner);
        view.setGroup(group);
      }
    }
  }

  /**
   * The distribution, or a world-readable copy of it when the server user cannot reach it (for
   * example a checkout under /root, which only root may traverse).
   *
   * @param executable a file of the distribution the server user must be able to run
   */
  static Path readableCopyOf(Path distribution, String executable)
      throws IOException, InterruptedException {
    if (!isRoot()) {
      return distribution;
    }
    List<String> check = new ArrayList<>(commandPrefix());
    check.addAll(List.of("test", "-x", distribution.resolve(executable).toString()));
    if (run(check.toArray(String[]::new)) == 0) {
      return distribution;
    }
    Path copy =
        Path.of(System.getProperty("java.io.tmpdir"))
            .resolve("unbundled-search-" + distribution.getFileName());
    if (!Files.exists(copy.resolve(executable))) {
      Path partial = Files.createTempDirectory(copy.getParent(), "search-copy-");
      run("cp", "-a", distribution + "/.", partial.toString());
      run("chmod", "-R", "a+rX", partial.toString());
      Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.move(partial, copy, StandardCopyOption.ATOMIC_MOVE);
    }
    return copy;
  }

  private static int run(String... command) throws IOException, InterruptedException {
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start()
        .waitFor();
  }
}
