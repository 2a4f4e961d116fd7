package dev.driftsmith.feature.core;

import dev.driftsmith.tool.ToolContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What project_create and project_open need to know of the registry: who else holds an id or a folder. */
final class Registrations {
  private Registrations() {}

  static String replaced(String id, Path path, String why) {
    return "Replaced the stale registration '" + id + "' → " + path + " (the folder " + why + ").";
  }

  /** Ids other than {@code except} registered for the folder {@code path}, however it was spelled. */
  static List<String> idsOf(ToolContext ctx, Path path, String except) throws IOException {
    List<String> ids = new ArrayList<>();
    for (var e : ctx.registry().all().entrySet()) {
      if (!e.getKey().equals(except) && sameFolder(e.getValue(), path)) ids.add(e.getKey());
    }
    return ids;
  }

  /** Two paths name one folder: equal, or (when both exist) with one real path. */
  static boolean sameFolder(Path a, Path b) {
    if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())) return true;
    try {
      return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
    } catch (IOException e) {
      return false;
    }
  }
}
