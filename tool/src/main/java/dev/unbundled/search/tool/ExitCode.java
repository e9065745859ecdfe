package dev.unbundled.search.tool;

/**
 * The tool's exit codes, the same for every command (the help's "Exit codes" lists say what each
 * means to that command).
 */
public enum ExitCode {
  /** Done; verify: the indexes match; a wait: reached. */
  OK(0),
  /**
   * Refused with nothing changed (a safety rule, Connect's validation, no confirmation), or verify
   * found a difference.
   */
  REFUSED(1),
  /**
   * Could not run: bad arguments, or Connect, Kafka or the search engine unreachable or unreadable.
   */
  COULD_NOT_RUN(2),
  /** A wait ran out of time ({@code --timeout}). */
  TIMED_OUT(3),
  /** A connector or task that was waited for failed. */
  CONNECTOR_FAILED(4);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  /** The process's exit status. */
  public int code() {
    return code;
  }
}
