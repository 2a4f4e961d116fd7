package dev.driftsmith.launcher;

import java.util.ArrayList;
import java.util.List;

/** Reads the JVM options back out of a launcher's text, to compare the sh and the cmd launcher. */
public final class LauncherLines {
  private LauncherLines() {}

  /**
   * The options of the sh launcher's java line, from the archive up to {@code -jar}: quotes removed,
   * its own folder written as {@code DIR/}. The user's {@code DRIFTSMITH_OPTS} are not among them.
   */
  public static List<String> shOptions(String launcher) {
    return options(javaLine(launcher, "exec "), "$dir/");
  }

  /** The same for the Windows launcher, whose own folder is {@code %~dp0}. */
  public static List<String> cmdOptions(String launcher) {
    return options(javaLine(launcher, "\"%JAVA%\""), "%~dp0");
  }

  /** The options of the sh launcher's java line for the JDK of the AOT cache, as {@link #shOptions}. */
  public static List<String> shAotOptions(String launcher) {
    return options(javaLine(launcher, "  exec "), "$dir/");
  }

  /** The same for the Windows launcher. */
  public static List<String> cmdAotOptions(String launcher) {
    String line = launcher.lines().filter(l -> l.contains("-XX:AOTCache=")).findFirst()
        .orElseThrow(() -> new AssertionError("no java line with the AOT cache in:\n" + launcher));
    return options(line, "%~dp0");
  }

  private static String javaLine(String launcher, String start) {
    return launcher.lines().filter(l -> l.startsWith(start)).findFirst()
        .orElseThrow(() -> new AssertionError("no line starting with " + start + " in:\n" + launcher));
  }

  private static List<String> options(String javaLine, String folder) {
    List<String> options = new ArrayList<>();
    for (String word : javaLine.replace(folder, "DIR/").replace("\"", "").split(" ")) {
      if (word.equals("-jar")) break;
      if (word.startsWith("-")) options.add(word);
    }
    return options;
  }
}
