package dev.driftsmith.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Run by the build after the jar is packaged ({@code java -cp driftsmith.jar
 * dev.driftsmith.launcher.BuildLaunchers DIR}): writes the launchers next to
 * {@code DIR/driftsmith.jar} and makes their start-up archives: the class-data archive for the JVM
 * running this, and the AOT cache for a JDK 25 or later when asked to ({@link #aotJdk}).
 * Exits 1 with the reason when a training session fails, so a jar that cannot serve a session
 * fails its build. With {@code -Ddriftsmith.archive.skip=true} it writes the launchers alone,
 * which then start without an archive (for a JVM that cannot make one).
 */
public final class BuildLaunchers {
  private BuildLaunchers() {}

  /** The system property (and Maven property) that skips the archives. */
  static final String SKIP = "driftsmith.archive.skip";
  /** The system property (and Maven property) naming the JDK that makes the AOT cache (see {@link #aotJdk}). */
  static final String AOT_JAVA_HOME = "driftsmith.aot.java.home";

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: java [-D" + SKIP + "=true] -cp driftsmith.jar " + BuildLaunchers.class.getName() + " DIR");
      System.exit(2);
    }
    Path dir = Path.of(args[0]).toAbsolutePath();
    Path jar = dir.resolve(Launchers.JAR);
    if (!Files.isRegularFile(jar)) fail("no " + jar + " to launch; package the jar first");
    Path javaHome = Path.of(System.getProperty("java.home"));
    Optional<Jdk> aotJdk = Boolean.getBoolean(SKIP) ? Optional.empty() : aotJdk(javaHome);
    Optional<AotCache> aot = aotJdk.isEmpty() ? Optional.empty() : Optional.of(AotCache.forJar(aotJdk.get().home(), jar));
    Launchers.write(dir, javaHome, aot);
    Path archive = dir.resolve(StartArchive.CDS.file);
    AotCache.deleteAll(dir);
    if (Boolean.getBoolean(SKIP)) {
      Files.deleteIfExists(archive);
      System.out.println("driftsmith: wrote the launchers in " + dir + " (no start-up archive)");
      return;
    }
    train(new ArchiveTraining(Jdk.javaOf(javaHome), jar.toRealPath(), archive, StartArchive.CDS), archive, System.getProperty("java.vm.name") + " " + Runtime.version());
    if (aotJdk.isPresent()) {
      // Made after the jar, so that the sh launcher's check (the jar not newer than the cache) holds.
      Path cache = dir.resolve(aot.get().file());
      train(new ArchiveTraining(aotJdk.get().java(), jar.toRealPath(), cache, StartArchive.AOT), cache,
          "Java " + aotJdk.get().feature() + " at " + aotJdk.get().home());
    }
    System.out.println("driftsmith: wrote the launchers in " + dir);
  }

  /**
   * The JDK to make the AOT cache with, as {@code -D}{@value #AOT_JAVA_HOME} says: empty or
   * {@code none}, no cache (the default: on Java 25 the serial collector grows the old generation
   * instead of collecting it, and a long session then holds several times the memory it does on
   * Java 17); {@code auto}, this JVM if it is Java 25 or later, else the newest such JDK under
   * /usr/lib/jvm, where Debian and Ubuntu install them; else the home of the JDK to use.
   */
  static Optional<Jdk> aotJdk(Path javaHome) {
    String chosen = System.getProperty(AOT_JAVA_HOME, "");
    if (chosen.isEmpty() || chosen.equals("none")) return Optional.empty();
    if (chosen.equals("auto")) {
      Optional<Jdk> self = Jdk.at(javaHome).filter(j -> j.feature() >= StartArchive.AOT_SINCE);
      return self.isPresent() ? self : Jdk.newestUnder(Path.of("/usr/lib/jvm"), StartArchive.AOT_SINCE);
    }
    Optional<Jdk> jdk = Jdk.at(Path.of(chosen)).filter(j -> j.feature() >= StartArchive.AOT_SINCE);
    if (jdk.isEmpty()) fail("-D" + AOT_JAVA_HOME + "=" + chosen + " is not the home of a JDK " + StartArchive.AOT_SINCE
        + " or later; name one, or auto to look for one, or none for no AOT cache");
    return jdk;
  }

  private static void train(ArchiveTraining training, Path archive, String jvm) throws IOException {
    try {
      training.run();
    } catch (Exception e) {
      fail("the training session for " + archive.getFileName() + " (" + jvm + ") failed: " + e.getMessage()
          + "\nThe launchers work without the archives (they start more slowly); build with"
          + " -D" + SKIP + "=true to write them without any, or -D" + AOT_JAVA_HOME + "=none without the AOT cache.");
    }
    System.out.println("driftsmith: made " + archive.getFileName() + " (" + Files.size(archive) / 1024 + " KiB, for " + jvm + ")");
  }

  private static void fail(String message) {
    System.err.println("driftsmith: " + message);
    System.exit(1);
  }
}
