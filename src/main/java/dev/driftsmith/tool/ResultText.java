package dev.driftsmith.tool;

import dev.driftsmith.generate.ChangeSet;
import dev.driftsmith.workspace.FileChange;
import java.util.List;

/**
 * The text content of a generating call's result. Many clients hand only the text to the model, so
 * a dry run's diffs go there too, not only into structuredContent: each file's diff up to
 * {@link #LINES_PER_FILE} lines, and all diffs together up to {@link #MAX_CHARS} characters; what
 * is cut is said, with where the whole diff is.
 */
public final class ResultText {
  private ResultText() {}

  static final int LINES_PER_FILE = 60;
  static final int MAX_CHARS = 20_000;

  public static String of(ChangeSet changes) {
    StringBuilder text = new StringBuilder(changes.summary());
    if (!changes.dryRun()) return text.toString();
    int budget = MAX_CHARS;
    List<FileChange> files = changes.files();
    for (int i = 0; i < files.size(); i++) {
      String diff = files.get(i).diff();
      if (diff == null || diff.isEmpty()) continue;
      String shown = shortened(diff, i);
      if (shown.length() > budget) {
        text.append("\n\n… further diffs left out (text limit of ").append(MAX_CHARS)
            .append(" characters); every diff is in structuredContent.files[].diff");
        break;
      }
      text.append("\n\n").append(shown);
      budget -= shown.length();
    }
    return text.toString();
  }

  private static String shortened(String diff, int index) {
    List<String> lines = diff.lines().toList();
    if (lines.size() <= LINES_PER_FILE) return diff.stripTrailing();
    return String.join("\n", lines.subList(0, LINES_PER_FILE)) + "\n… " + (lines.size() - LINES_PER_FILE)
        + " more lines; the whole diff is structuredContent.files[" + index + "].diff";
  }
}
