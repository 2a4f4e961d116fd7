package dev.driftsmith.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launchers the build writes: the sh launcher run by a real {@code /bin/sh} against a stand-in
 * {@code java} that prints the arguments it was given, and the Windows launcher read as text.
 */
class LaunchersTest {
  @TempDir
  Path tmp;

  /** Prints the malloc setting it got and its own path, then each argument on its own line: exactly what the JVM would get. */
  private static final String ECHO_JAVA = "#!/bin/sh\nprintf 'MALLOC_ARENA_MAX=%s\\n' \"$MALLOC_ARENA_MAX\"\n"
      + "printf '%s\\n' \"$0\"\n"
      + "for a in \"$@\"; do printf '%s\\n' \"$a\"; done\n";

  /** The malloc setting the stand-in java saw in the last run. */
  private String malloc;
  /** The java that ran in the last run. */
  private String ran;

  @Test
  @DisabledOnOs(OS.WINDOWS)
  void theShLauncherRunsTheBuildJvmWithTheArchiveTheOptionsAndTheArgumentsAsGiven() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("install dir with 'quotes' and $HOME"));
    Path javaHome = fakeJavaHome(tmp.resolve("jdk 17"));
    Launchers.write(dir, javaHome, Optional.empty());

    List<String> got = run(dir.resolve(Launchers.POSIX), Map.of(), "serve", "two words", "*");

    assertEquals(expected(dir, StartArchive.CDS, "serve", "two words", "*"), got,
        "the build JVM gets the archive, the options, the jar and the arguments unchanged");
    assertEquals(javaHome.resolve("bin/java").toString(), ran);
    assertEquals("MALLOC_ARENA_MAX=1", malloc, "one malloc arena for one client");
  }

  @Test
  @DisabledOnOs(OS.WINDOWS)
  void theShLauncherRunsTheJdkOfTheAotCacheWithTheCacheWhenBothAreThere() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("install dir with 'quotes' and $HOME"));
    Path aotHome = fakeJavaHome(tmp.resolve("jdk 25's"));
    AotCache aot = cacheFor(dir, aotHome);
    Launchers.write(dir, fakeJavaHome(tmp.resolve("jdk 17")), Optional.of(aot));

    List<String> got = run(dir.resolve(Launchers.POSIX), Map.of(), "serve", "two words");

    assertEquals(aotHome.resolve("bin/java").toString(), ran, "the JDK that made the cache runs");
    assertEquals(expected(dir, StartArchive.AOT.readFlag + dir.toRealPath() + "/" + aot.file(), StartArchive.AOT,
        "serve", "two words"), got);
    assertFalse(got.stream().anyMatch(a -> a.startsWith("-Xshare")), "a JVM with an AOT cache takes no -Xshare: " + got);
    assertEquals("MALLOC_ARENA_MAX=1", malloc);
  }

  @Test
  @DisabledOnOs(OS.WINDOWS)
  void withoutTheAotCacheOrItsJdkTheBuildJvmRunsWithTheClassDataArchive() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("target"));
    Path buildHome = fakeJavaHome(tmp.resolve("jdk 17"));
    AotCache aot = cacheFor(dir, fakeJavaHome(tmp.resolve("jdk 25")));
    Files.delete(dir.resolve(aot.file()));
    Launchers.write(dir, buildHome, Optional.of(aot));

    List<String> noCache = run(dir.resolve(Launchers.POSIX), Map.of(), "tools");
    assertEquals(buildHome.resolve("bin/java").toString(), ran, "no cache next to the jar: the build JVM");
    assertEquals(expected(dir, StartArchive.CDS, "tools"), noCache);

    AotCache gone = cacheFor(dir, tmp.resolve("uninstalled jdk 25"));
    Launchers.write(dir, buildHome, Optional.of(gone));
    List<String> noJdk = run(dir.resolve(Launchers.POSIX), Map.of(), "tools");
    assertEquals(buildHome.resolve("bin/java").toString(), ran, "the cache's JDK is gone: the build JVM");
    assertEquals(expected(dir, StartArchive.CDS, "tools"), noJdk);
  }

  @Test
  @DisabledOnOs(OS.WINDOWS)
  void aCacheOfAnotherJarIsNotUsed() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("target"));
    Path buildHome = fakeJavaHome(tmp.resolve("jdk 17"));
    AotCache aot = cacheFor(dir, fakeJavaHome(tmp.resolve("jdk 25")));
    Launchers.write(dir, buildHome, Optional.of(aot));
    Path jar = dir.resolve(Launchers.JAR);

    Files.writeString(jar, "another build of the jar, of another size");
    Files.setLastModifiedTime(jar, Files.getLastModifiedTime(dir.resolve(aot.file())));
    run(dir.resolve(Launchers.POSIX), Map.of(), "tools");
    assertEquals(buildHome.resolve("bin/java").toString(), ran, "a jar of another size: the build JVM, without the cache");

    Files.writeString(jar, "x".repeat((int) aot.jarSize()));
    Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(dir.resolve(aot.file())).toMillis() + 60_000));
    run(dir.resolve(Launchers.POSIX), Map.of(), "tools");
    assertEquals(buildHome.resolve("bin/java").toString(), ran, "a jar newer than the cache: the build JVM, without the cache");
  }

  @Test
  @DisabledOnOs(OS.WINDOWS)
  void driftsmithJavaRunsInsteadOfTheJdkOfTheAotCache() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("target"));
    Launchers.write(dir, fakeJavaHome(tmp.resolve("jdk 17")), Optional.of(cacheFor(dir, fakeJavaHome(tmp.resolve("jdk 25")))));
    Path chosen = fakeJavaHome(tmp.resolve("chosen")).resolve("bin").resolve("java");

    List<String> got = run(dir.resolve(Launchers.POSIX), Map.of("DRIFTSMITH_JAVA", chosen.toString()), "tools");

    assertEquals(chosen.toString(), ran);
    assertEquals(expected(dir, StartArchive.CDS, "tools"), got, "a java of unknown version gets what every JVM takes");
  }

  @Test
  @DisabledOnOs(OS.WINDOWS)
  void aMallocArenaSettingOfTheUserIsKept() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("target"));
    Launchers.write(dir, fakeJavaHome(tmp.resolve("jdk")), Optional.empty());
    run(dir.resolve(Launchers.POSIX), Map.of("MALLOC_ARENA_MAX", "4"), "tools");
    assertEquals("MALLOC_ARENA_MAX=4", malloc);
  }

  @Test
  @DisabledOnOs(OS.WINDOWS)
  void aSymbolicLinkToTheLauncherFindsTheJarNextToTheLauncherItself() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("target"));
    Launchers.write(dir, fakeJavaHome(tmp.resolve("jdk")), Optional.empty());
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path link = Files.createSymbolicLink(bin.resolve("driftsmith"), Path.of("..", "target", Launchers.POSIX));

    List<String> got = run(link, Map.of(), "tools");

    assertTrue(got.contains(dir.toRealPath() + "/" + Launchers.JAR), () -> "jar next to the real launcher: " + got);
  }

  @Test
  @DisabledOnOs(OS.WINDOWS)
  void driftsmithJavaChoosesTheJvmAndDriftsmithOptsComeAfterTheLauncherOptions() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("target"));
    Launchers.write(dir, tmp.resolve("no-such-jdk"), Optional.empty());
    Path other = fakeJavaHome(tmp.resolve("other jdk")).resolve("bin").resolve("java");

    List<String> got = run(dir.resolve(Launchers.POSIX), Map.of("DRIFTSMITH_JAVA", other.toString(),
        "DRIFTSMITH_OPTS", "-Xmx1g -Dx=1"), "tools");

    int last = JvmOption.TUNING.size() + StartArchive.CDS.options.size();
    assertEquals(List.of("-Xmx1g", "-Dx=1", "-jar"), got.subList(last + 1, last + 4),
        "DRIFTSMITH_OPTS split into options, after ours, so a later -Xmx wins: " + got);
  }

  @Test
  @DisabledOnOs(OS.WINDOWS)
  void withoutTheBuildJvmTheLauncherUsesJavaHome() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("target"));
    Launchers.write(dir, tmp.resolve("gone-jdk"), Optional.of(cacheFor(dir, tmp.resolve("gone-jdk-25"))));
    Path javaHome = fakeJavaHome(tmp.resolve("java home"));

    List<String> got = run(dir.resolve(Launchers.POSIX), Map.of("JAVA_HOME", javaHome.toString()), "tools");

    assertEquals("-XX:SharedArchiveFile=" + dir.toRealPath() + "/" + JvmOption.ARCHIVE, got.get(0),
        "JAVA_HOME's java ran: " + got);
  }

  @Test
  void theWindowsLauncherCarriesTheSameOptionsAsTheShLauncher() {
    String sh = Launchers.posix("/opt/jdk/bin/java", Optional.of(new AotCache(Path.of("/opt/jdk-25"), "driftsmith-0a1b.aot", 2048)));
    String cmd = Launchers.windows("C:\\Program Files (x86)\\Java\\jdk-17\\bin\\java.exe",
        Optional.of(new AotCache(Path.of("C:\\Program Files\\Java\\jdk-25"), "driftsmith-0a1b.aot", 2048)));
    assertEquals(LauncherLines.shOptions(sh), LauncherLines.cmdOptions(cmd), "the same JVM options, in the same order");
    assertEquals(LauncherLines.shAotOptions(sh), LauncherLines.cmdAotOptions(cmd), "the same with the AOT cache");
    assertTrue(cmd.contains("\"-XX:SharedArchiveFile=%~dp0driftsmith.jsa\""), cmd);
    assertTrue(cmd.contains("\"C:\\Program Files\\Java\\jdk-25\\bin\\java.exe\" \"-XX:AOTCache=%~dp0driftsmith-0a1b.aot\""), cmd);
    assertTrue(cmd.contains("do if not \"%%~zJ\"==\"2048\" goto cds"), "a jar of another size: no cache\n" + cmd);
    assertTrue(cmd.contains("if defined DRIFTSMITH_JAVA goto cds"), cmd);
    assertTrue(cmd.contains("-jar \"%~dp0driftsmith.jar\" %*"), cmd);
  }

  @Test
  void withoutAnAotJdkTheLaunchersHaveNoAotLine() {
    assertFalse(Launchers.posix("/opt/jdk/bin/java", Optional.empty()).contains("AOTCache"));
    assertFalse(Launchers.windows("C:\\jdk\\bin\\java.exe", Optional.empty()).contains("AOTCache"));
  }

  @Test
  void theWindowsLauncherHasCrlfLinesAndEscapesPercentSignsOfTheBuildPath() {
    String cmd = Launchers.windows("C:\\100%\\jdk\\bin\\java.exe", Optional.of(new AotCache(Path.of("C:\\25%"), "driftsmith-0a1b.aot", 1)));
    assertFalse(cmd.replace("\r\n", "").contains("\n"), "every line ends in CRLF");
    assertTrue(cmd.contains("if exist \"C:\\100%%\\jdk\\bin\\java.exe\""), cmd);
    assertTrue(cmd.contains("if not exist \"C:\\25%%\\bin\\java.exe\" goto cds"), cmd);
  }

  @Test
  void theOptionsCanBeWrittenIntoBothLaunchersAndTheirComments() {
    for (JvmOption option : Stream.of(JvmOption.TUNING, StartArchive.CDS.options, StartArchive.AOT.options)
        .flatMap(List::stream).toList()) {
      assertTrue(option.flag().matches("-[A-Za-z][-A-Za-z0-9:=+*,._]*"), () -> "a plain option: " + option.flag());
      // Reasons end up in sh and cmd comments: no line breaks, and no % that cmd would expand.
      assertFalse(option.reason().contains("\n") || option.reason().contains("%"), option::reason);
    }
  }

  private Path fakeJavaHome(Path home) throws IOException {
    Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
    Files.writeString(java, ECHO_JAVA, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    return home;
  }

  /** Runs the launcher; returns the arguments the stand-in java got, and keeps the malloc setting it saw. */
  private List<String> run(Path launcher, Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(launcher.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().remove("DRIFTSMITH_JAVA");
    builder.environment().remove("DRIFTSMITH_OPTS");
    builder.environment().remove("JAVA_HOME");
    builder.environment().remove("MALLOC_ARENA_MAX");
    builder.environment().putAll(env);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), "launcher did not finish");
    assertEquals(0, process.exitValue(), out);
    List<String> lines = out.lines().toList();
    malloc = lines.get(0);
    ran = lines.get(1);
    return lines.subList(2, lines.size());
  }

  /** A jar in {@code dir}, and then its cache, as the build makes them. */
  private static AotCache cacheFor(Path dir, Path jdkHome) throws IOException {
    Files.writeString(dir.resolve(Launchers.JAR), "the jar");
    AotCache aot = AotCache.forJar(jdkHome, dir.resolve(Launchers.JAR));
    Files.writeString(dir.resolve(aot.file()), "the cache");
    return aot;
  }

  /** What the JVM gets from the sh launcher in {@code dir} with the class-data archive: archive, options, jar, arguments. */
  private static List<String> expected(Path dir, StartArchive archive, String... args) throws IOException {
    return expected(dir, archive.readFlag + dir.toRealPath() + "/" + archive.file, archive, args);
  }

  private static List<String> expected(Path dir, String archiveFlag, StartArchive archive, String... args) throws IOException {
    List<String> expected = new ArrayList<>(List.of(archiveFlag));
    JvmOption.TUNING.forEach(o -> expected.add(o.flag()));
    archive.options.forEach(o -> expected.add(o.flag()));
    expected.addAll(List.of("-jar", dir.toRealPath() + "/" + Launchers.JAR));
    expected.addAll(List.of(args));
    return expected;
  }
}
