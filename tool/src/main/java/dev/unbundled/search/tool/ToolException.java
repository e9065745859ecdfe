package dev.unbundled.search.tool;

import java.io.IOException;

/**
 * A failure whose message already tells the operator what is wrong and what to change, in one line:
 * printed as it is, without the chain of causes behind it.
 */
public final class ToolException extends IOException {

  public ToolException(String message) {
    super(message);
  }

  public ToolException(String message, Throwable cause) {
    super(message, cause);
  }
}
