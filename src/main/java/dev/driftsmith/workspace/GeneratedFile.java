package dev.driftsmith.workspace;

import java.util.function.UnaryOperator;

/**
 * A file a feature wants in the project.
 * <ul>
 *   <li>{@code MANAGED}: ours, with header and hash; regenerated, refused when edited by hand.</li>
 *   <li>{@code SCAFFOLD}: written once when missing (main.dart, web/ files); the user owns it after.</li>
 *   <li>{@code MERGED}: the user's file that we only add to (pubspec.yaml dependencies);
 *       {@code content} is used when the file does not exist, {@code merge} when it does.</li>
 * </ul>
 */
public record GeneratedFile(String path, String content, Kind kind, String templateId,
                            UnaryOperator<String> merge) {
  public enum Kind { MANAGED, SCAFFOLD, MERGED }

  public static GeneratedFile managed(String path, String body, String templateId) {
    return new GeneratedFile(path, body, Kind.MANAGED, templateId, null);
  }

  public static GeneratedFile scaffold(String path, String content, String templateId) {
    return new GeneratedFile(path, content, Kind.SCAFFOLD, templateId, null);
  }

  public static GeneratedFile merged(String path, String content, String templateId,
                                     UnaryOperator<String> merge) {
    return new GeneratedFile(path, content, Kind.MERGED, templateId, merge);
  }
}
