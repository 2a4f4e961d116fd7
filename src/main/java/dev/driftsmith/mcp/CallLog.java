package dev.driftsmith.mcp;

import dev.driftsmith.generate.ChangeSet;
import dev.driftsmith.workspace.FileChange;
import io.modelcontextprotocol.spec.McpSchema.LoggingLevel;
import io.modelcontextprotocol.spec.McpSchema.LoggingMessageNotification;
import java.util.ArrayList;
import java.util.List;

/**
 * What a call tells the client's log ({@code notifications/message}): the files it wrote at info,
 * each refused file and each note at warning, a refusal of the call at error. The SDK sends only the
 * messages at or above the level the client set with logging/setLevel (info until it does).
 */
final class CallLog {
  private CallLog() {}

  static final String LOGGER = "driftsmith";

  static List<LoggingMessageNotification> of(String tool, ChangeSet changes) {
    List<LoggingMessageNotification> out = new ArrayList<>();
    String counts = changes.summary().lines().findFirst().orElse("");
    StringBuilder written = new StringBuilder(tool).append(": ").append(counts);
    for (FileChange file : changes.files()) {
      if (file.status() == FileChange.Status.created || file.status() == FileChange.Status.updated) {
        written.append("\n  ").append(file.status()).append(' ').append(file.path());
      } else if (file.status() == FileChange.Status.refused) {
        out.add(message(LoggingLevel.WARNING, tool + ": refused " + file.path()
            + (file.reason() == null ? "" : " — " + file.reason())));
      }
    }
    out.add(0, message(LoggingLevel.INFO, written.toString()));
    for (String note : changes.notes()) out.add(message(LoggingLevel.WARNING, tool + ": " + note));
    return out;
  }

  static LoggingMessageNotification refused(String tool, String message) {
    return message(LoggingLevel.ERROR, tool + ": " + message);
  }

  private static LoggingMessageNotification message(LoggingLevel level, String text) {
    return new LoggingMessageNotification(level, LOGGER, text);
  }
}
