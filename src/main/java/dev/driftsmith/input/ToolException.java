package dev.driftsmith.input;

/**
 * Bad input or a refused operation. The message names the field, the bad value and the fix; it is
 * shown to the user as an MCP {@code isError} result and never carries a stack trace.
 */
public class ToolException extends Exception {
  private final String field;

  public ToolException(String field, String message) {
    super(field == null ? message : field + ": " + message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
