package dev.driftsmith.launcher;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run by the build after the jar is packaged ({@code java -cp driftsmith.jar
 * dev.driftsmith.launcher.BuildLaunchers DIR}): writes the launchers next to
 * {@code DIR/driftsmith.jar} and makes their class-data archive for the JVM running this.
 * Exits 1 with the reason when the training session fails, so a jar that cannot serve a session
 * fails its build. With {@code -Ddriftsmith.archive.skip=true} it writes the launchers alone,
 * which then start without an archive (for a JVM that cannot make one).
 */
public final class BuildLaunchers {
  private BuildLaunchers() {}

  /** The system property (and Maven property) that skips the archive. */
  static final String SKIP = "driftsmith.archive.skip";

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: java [-D" + SKIP + "=true] -cp driftsmith.jar " + BuildLaunchers.class.getName() + " DIR");
      System.exit(2);
    }
    Path dir = Path.of(args[0]).toAbsolutePath();
    Path jar = dir.resolve(Launchers.JAR);
    if (!Files.isRegularFile(jar)) fail("no " + jar + " to launch; package the jar first");
    Path javaHome = Path.of(System.getProperty("java.home"));
    Launchers.write(dir, javaHome);
    Path archive = dir.resolve(JvmOption.ARCHIVE);
    if (Boolean.getBoolean(SKIP)) {
      Files.deleteIfExists(archive);
      System.out.println("driftsmith: wrote the launchers in " + dir + " (no class-data archive)");
      return;
    }
    try {
      new ArchiveTraining(java(javaHome), jar.toRealPath(), archive).run();
    } catch (Exception e) {
      fail("the training session for the class-data archive failed: " + e.getMessage()
          + "\nThe launchers work without the archive (they start more slowly); build with"
          + " -D" + SKIP + "=true to write them without one.");
    }
    System.out.println("driftsmith: wrote the launchers and " + archive.getFileName() + " (" + Files.size(archive) / 1024
        + " KiB, for " + System.getProperty("java.vm.name") + " " + Runtime.version() + ") in " + dir);
  }

  private static Path java(Path javaHome) {
    Path unix = javaHome.resolve("bin").resolve("java");
    return Files.isExecutable(unix) ? unix : javaHome.resolve("bin").resolve("java.exe");
  }

  private static void fail(String message) {
    System.err.println("driftsmith: " + message);
    System.exit(1);
  }
}
