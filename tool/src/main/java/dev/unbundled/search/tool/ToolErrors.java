package dev.unbundled.search.tool;

import java.util.concurrent.ExecutionException;

/** One line for an operator, from an exception and its causes. */
public final class ToolErrors {

  private ToolErrors() {}

  public static String describe(Throwable e) {
    Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof ToolException) {
      return cause.getMessage();
    }
    StringBuilder message = new StringBuilder(String.valueOf(cause.getMessage()));
    for (Throwable inner = cause.getCause(); inner != null; inner = inner.getCause()) {
      if (inner.getMessage() != null && !message.toString().contains(inner.getMessage())) {
        message.append(": ").append(inner.getMessage());
      }
    }
    return message.toString();
  }
}
