package dev.driftsmith.launcher;

import java.util.List;

/**
 * One option the launchers pass to the JVM, with the reason for it, which the launchers carry as a
 * comment. Declared once here, so the POSIX and the Windows launcher cannot drift apart.
 */
public record JvmOption(String flag, String reason) {
  /** The class-data archive the build makes next to the jar, read at every start on the build's JVM. */
  public static final String ARCHIVE = StartArchive.CDS.file;

  /**
   * The options of every start, the archive and the options of its kind ({@link StartArchive}) aside. A single client, short calls: start-up and a
   * small footprint count more than peak throughput.
   */
  public static final List<JvmOption> TUNING = List.of(
      new JvmOption("-XX:TieredStopAtLevel=1",
          "compile with C1 only: a session is mostly first calls; C2 was not faster here and took 35 to 45 MB more"),
      new JvmOption("-XX:+UseSerialGC",
          "one client: the simplest collector, no GC threads, the smallest footprint"),
      new JvmOption("-Xms48m",
          "a floor above what 200 synced tables keep live (about 20 MB): at 16 MB full collections took a sixth of such a session"),
      new JvmOption("-Xmn8m",
          "a small young generation: a call's garbage is collected often and cheaply, in little memory"),
      new JvmOption("-XX:MinHeapFreeRatio=10",
          "after a full collection keep 10 to 20 percent of the heap free, and give the rest back"),
      new JvmOption("-XX:MaxHeapFreeRatio=20",
          "(the upper bound of that)"),
      new JvmOption("-Xmx384m",
          "room for far larger projects than 200 synced tables; the default ceiling (a quarter of RAM) only delays collections"),
      new JvmOption("-Xlog:disable",
          "stdout carries only JSON-RPC, and the JVM logs warnings to stdout by default"),
      new JvmOption("-Xlog:all=warning:stderr",
          "so JVM warnings go to stderr"),
      new JvmOption("-Xlog:cds*=off:stderr",
          "an archive that does not fit this JVM is not an error: the start goes on without it"),
      new JvmOption("-XX:+DisplayVMOutputToStderr",
          "any other JVM output goes to stderr as well"));
}
