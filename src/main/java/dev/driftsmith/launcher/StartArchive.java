package dev.driftsmith.launcher;

import java.util.List;

/**
 * The two archives a launcher can start with, each made by a training session of the packaged jar
 * (see {@link ArchiveTraining}) for one JVM and read only by that JVM with that jar.
 */
enum StartArchive {
  /**
   * Class data sharing (Java 17 and later), made by the build's own JVM: the classes a session
   * loads, already parsed and verified.
   */
  CDS("driftsmith.jsa", "-XX:ArchiveClassesAtExit=", "-XX:SharedArchiveFile=", List.of(
      new JvmOption("-Xshare:auto",
          "use the class-data archive when it fits this JVM; without it (another JVM, a jar built since) start without"))),
  /**
   * An ahead-of-time cache (Java 25 and later), made when the build names a JDK 25: the classes loaded
   * and linked as well, and the profiles of the methods the session ran, so the JIT compiles the
   * start's hot code without first watching it run.
   */
  AOT("driftsmith-JAR.aot", "-XX:AOTCacheOutput=", "-XX:AOTCache=", List.of(
      new JvmOption("-Xlog:aot*=off:stderr",
          "a cache made for another jar or JVM is not an error: the start goes on without it")));

  /** The lowest Java feature release that reads and writes this kind of archive. */
  static final int AOT_SINCE = 25;

  /** The archive's file name, next to the jar (for an AOT cache, {@link AotCache#file()} names it). */
  final String file;
  /** The option that makes the JVM write the archive, followed by its path. */
  final String writeFlag;
  /** The option that makes the JVM read the archive, followed by its path. */
  final String readFlag;
  /**
   * Options for this kind alone, after {@link JvmOption#TUNING}: each kind refuses some of the
   * other's (a JVM writing an AOT cache refuses any -Xshare, Java 17 any -Xlog:aot).
   */
  final List<JvmOption> options;

  StartArchive(String file, String writeFlag, String readFlag, List<JvmOption> options) {
    this.file = file;
    this.writeFlag = writeFlag;
    this.readFlag = readFlag;
    this.options = options;
  }
}
