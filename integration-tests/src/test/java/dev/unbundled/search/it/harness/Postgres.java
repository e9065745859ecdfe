package dev.unbundled.search.it.harness;

import dev.unbundled.search.localstack.JavaProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.kafka.test.TestUtils;

/**
 * A private PostgreSQL 15 server for the tests of a real CDC source: one cluster per test JVM,
 * initialised in a temporary directory, listening on a free loopback port, with logical decoding
 * on, so Debezium's {@code pgoutput} plugin can stream from it. It is started on first use (tests
 * without a database pay nothing) and shared by every test class of the run; tests stay apart by
 * each taking a {@link #newDatabase fresh database}.
 *
 * <p>PostgreSQL refuses to run as root, so when the build runs as root (as CI does) the server runs
 * as the {@code postgres} system user the Debian package creates, under a world-traversable
 * directory; otherwise it runs as the build's user. Trust authentication on loopback only: the
 * server holds nothing but test rows.
 */
public final class Postgres implements AutoCloseable {

  /** Where the server's binaries are; {@value #DEFAULT_BIN} (Debian's postgresql-15) when unset. */
  public static final String BIN_PROPERTY = "postgres.bin";

  private static final String DEFAULT_BIN = "/usr/lib/postgresql/15/bin";
  private static final String OS_USER = "postgres";
  private static final String SUPERUSER = "postgres";
  private static final Duration SLOT_RELEASE_TIMEOUT = Duration.ofSeconds(30);

  private final Path bin;
  private final Path run;
  private final Path data;
  private final Path log;
  private final Path keptLog;
  private final int port;
  private final Thread shutdownHook;
  private boolean stopped;

  private Postgres(Path bin, Path run, Path keptLog, int port) {
    this.bin = bin;
    this.run = run;
    this.data = run.resolve("data");
    this.log = run.resolve("logs").resolve("postgres.log");
    this.keptLog = keptLog;
    this.port = port;
    // A test JVM killed before JUnit closes the store must not leave a server behind.
    this.shutdownHook = new Thread(this::stop, "stop-postgres");
  }

  /**
   * Initialises and starts a cluster, and waits until it accepts connections.
   *
   * @param keptLog where the server's log is copied when it stops
   */
  public static Postgres start(Path keptLog) throws IOException, InterruptedException {
    Path bin = Path.of(System.getProperty(BIN_PROPERTY, DEFAULT_BIN));
    if (!Files.isExecutable(bin.resolve("initdb"))) {
      throw new IllegalStateException(
          "No PostgreSQL server under "
              + bin
              + ": install Debian's postgresql-15 (.ci/run does) or set -D"
              + BIN_PROPERTY
              + "=<its bin directory>");
    }
    Path run = Files.createTempDirectory("unbundled-search-postgres-");
    // The server user must reach its directories below this one.
    Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-xr-x"));
    Postgres server = new Postgres(bin, run, keptLog, JavaProcess.freePort());
    Runtime.getRuntime().addShutdownHook(server.shutdownHook);
    try {
      server.initialise();
      server.asServerUser(
          "pg_ctl",
          "-D",
          server.data.toString(),
          "-l",
          server.log.toString(),
          "-w",
          "-t",
          "60",
          "start");
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  private void initialise() throws IOException, InterruptedException {
    Path logs = Files.createDirectory(run.resolve("logs"));
    Path sockets = Files.createDirectory(run.resolve("sockets"));
    Files.createDirectory(data);
    // initdb insists on an empty data directory of mode 700 owned by the server user.
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
    for (Path owned : List.of(logs, sockets, data)) {
      ownByServerUser(owned);
    }
    asServerUser(
        "initdb",
        "-D",
        data.toString(),
        "-A",
        "trust",
        "-U",
        SUPERUSER,
        "-E",
        "UTF8",
        "--locale=C",
        "--no-sync");
    String settings =
        String.join(
            "\n",
            "",
            "# Set by the integration tests' harness (Postgres.java).",
            "listen_addresses = '127.0.0.1'",
            "port = " + port,
            "unix_socket_directories = '" + sockets + "'",
            // Logical decoding for Debezium's pgoutput; a slot and a sender per source connector.
            "wal_level = logical",
            "max_replication_slots = 20",
            "max_wal_senders = 20",
            // Test rows need no durability; these make DDL and commits cheap on a shared machine.
            "fsync = off",
            "synchronous_commit = off",
            "full_page_writes = off",
            "");
    Files.writeString(data.resolve("postgresql.conf"), settings, StandardOpenOption.APPEND);
  }

  /** The JDBC URL of a database of this server. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** The loopback address the server listens on, for a source connector's {@code database.*}. */
  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return port;
  }

  /** The superuser, who may create publications and replication slots; no password (trust). */
  public String user() {
    return SUPERUSER;
  }

  /**
   * Creates an empty database of a name no other test uses ({@code prefix}, made a valid SQL name,
   * plus a unique suffix), so tests never see each other's tables, publications or slots.
   */
  public Database newDatabase(String prefix) {
    String name =
        TestNames.unique(prefix).replaceAll("[^A-Za-z0-9_]", "_").toLowerCase(Locale.ROOT);
    execute("postgres", "CREATE DATABASE " + name);
    return new Database(this, name);
  }

  /** Runs statements, each in its own transaction, on a database of this server. */
  public void execute(String database, String... sql) {
    try (Connection connection = connect(database);
        Statement statement = connection.createStatement()) {
      for (String each : sql) {
        statement.execute(each);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not run " + List.of(sql) + " on " + database, e);
    }
  }

  /** The rows a query returns, each as its columns' values in order. */
  public List<List<Object>> query(String database, String sql) {
    try (Connection connection = connect(database);
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      int columns = result.getMetaData().getColumnCount();
      List<List<Object>> rows = new ArrayList<>();
      while (result.next()) {
        List<Object> row = new ArrayList<>(columns);
        for (int column = 1; column <= columns; column++) {
          row.add(result.getObject(column));
        }
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException("Could not run " + sql + " on " + database, e);
    }
  }

  /**
   * Drops a replication slot once no connection streams from it any more: a source connector that
   * was just stopped may still hold it for a moment, and an active slot cannot be dropped. Does
   * nothing when there is no such slot.
   */
  public void dropReplicationSlot(String slot) throws InterruptedException {
    TestUtils.waitForCondition(
        () -> !slotIsActive(slot),
        SLOT_RELEASE_TIMEOUT.toMillis(),
        "Replication slot " + slot + " is still in use");
    try (Connection connection = connect("postgres");
        PreparedStatement drop =
            connection.prepareStatement(
                "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
                    + " WHERE slot_name = ?")) {
      drop.setString(1, slot);
      drop.execute();
    } catch (SQLException e) {
      throw new IllegalStateException("Could not drop replication slot " + slot, e);
    }
  }

  /** The names of the replication slots of a database. */
  public List<String> replicationSlots(String database) {
    return query(
            "postgres",
            "SELECT slot_name FROM pg_replication_slots WHERE database = '" + database + "'")
        .stream()
        .map(row -> (String) row.get(0))
        .toList();
  }

  private boolean slotIsActive(String slot) {
    return !query(
            "postgres",
            "SELECT 1 FROM pg_replication_slots WHERE active AND slot_name = '" + slot + "'")
        .isEmpty();
  }

  private Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), SUPERUSER, "");
  }

  /** Stops the server, keeps its log, and deletes its directory. */
  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // Called from the hook itself, or while the JVM exits: nothing left to remove.
    }
  }

  private synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    try {
      if (Files.exists(data.resolve("postmaster.pid"))) {
        asServerUser("pg_ctl", "-D", data.toString(), "-m", "fast", "-w", "stop");
      }
      if (Files.exists(log)) {
        Files.createDirectories(keptLog.toAbsolutePath().getParent());
        Files.copy(log, keptLog, StandardCopyOption.REPLACE_EXISTING);
      }
      deleteTree(run);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs a PostgreSQL program as the server user, and fails with its output if it fails. */
  private void asServerUser(String program, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    if (isRoot()) {
      command.addAll(
          List.of("setpriv", "--reuid=" + OS_USER, "--regid=" + OS_USER, "--clear-groups", "--"));
    }
    command.add(bin.resolve(program).toString());
    command.addAll(List.of(args));
    // pg_ctl's server keeps the output pipe open: send it to a file, not to this JVM.
    Path output = run.resolve(program + ".out");
    Process process =
        new ProcessBuilder(command)
            .directory(run.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    int exit = process.waitFor();
    if (exit != 0) {
      throw new IOException(
          program + " exited with " + exit + ": " + Files.readString(output) + logTail());
    }
  }

  private String logTail() throws IOException {
    return Files.exists(log) ? "\nServer log:\n" + Files.readString(log) : "";
  }

  private static void ownByServerUser(Path path) throws IOException, InterruptedException {
    if (!isRoot()) {
      return;
    }
    int exit =
        new ProcessBuilder("chown", OS_USER + ":" + OS_USER, path.toString())
            .inheritIO()
            .start()
            .waitFor();
    if (exit != 0) {
      throw new IOException(
          "Could not give "
              + path
              + " to the system user "
              + OS_USER
              + " (chown exited "
              + exit
              + "); is Debian's postgresql-15 installed?");
    }
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /**
   * One test's database: its name and the statements a test runs on it. {@link #drop()} removes it
   * with its replication slots, which would otherwise keep WAL on the shared server.
   */
  public record Database(Postgres server, String name) {

    /** Runs statements, each in its own transaction. */
    public void execute(String... sql) {
      server.execute(name, sql);
    }

    /** The rows a query returns, each as its columns' values in order. */
    public List<List<Object>> query(String sql) {
      return server.query(name, sql);
    }

    /** Drops the database after its slots; its source connectors must be gone. */
    public void drop() throws InterruptedException {
      for (String slot : server.replicationSlots(name)) {
        server.dropReplicationSlot(slot);
      }
      server.execute("postgres", "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }
}
