package dev.driftsmith.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

  /** Prints the malloc setting it got, then each argument on its own line: exactly what the JVM would get. */
  private static final String ECHO_JAVA = "#!/bin/sh\nprintf 'MALLOC_ARENA_MAX=%s\\n' \"$MALLOC_ARENA_MAX\"\n"
      + "for a in \"$@\"; do printf '%s\\n' \"$a\"; done\n";

  /** The malloc setting the stand-in java saw in the last run. */
  private String malloc;

  @Test
  @DisabledOnOs(OS.WINDOWS)
  void theShLauncherRunsTheBuildJvmWithTheArchiveTheOptionsAndTheArgumentsAsGiven() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("install dir with 'quotes' and $HOME"));
    Path javaHome = fakeJavaHome(tmp.resolve("jdk 17"));
    Launchers.write(dir, javaHome);

    List<String> got = run(dir.resolve(Launchers.POSIX), Map.of(), "serve", "two words", "*");

    List<String> expected = new ArrayList<>(List.of("-XX:SharedArchiveFile=" + dir.toRealPath() + "/" + JvmOption.ARCHIVE));
    JvmOption.TUNING.forEach(o -> expected.add(o.flag()));
    expected.addAll(List.of("-jar", dir.toRealPath() + "/" + Launchers.JAR, "serve", "two words", "*"));
    assertEquals(expected, got, "the build JVM gets the archive, the options, the jar and the arguments unchanged");
    assertEquals("MALLOC_ARENA_MAX=1", malloc, "one malloc arena for one client");
  }

  @Test
  @DisabledOnOs(OS.WINDOWS)
  void aMallocArenaSettingOfTheUserIsKept() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("target"));
    Launchers.write(dir, fakeJavaHome(tmp.resolve("jdk")));
    run(dir.resolve(Launchers.POSIX), Map.of("MALLOC_ARENA_MAX", "4"), "tools");
    assertEquals("MALLOC_ARENA_MAX=4", malloc);
  }

  @Test
  @DisabledOnOs(OS.WINDOWS)
  void aSymbolicLinkToTheLauncherFindsTheJarNextToTheLauncherItself() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("target"));
    Launchers.write(dir, fakeJavaHome(tmp.resolve("jdk")));
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path link = Files.createSymbolicLink(bin.resolve("driftsmith"), Path.of("..", "target", Launchers.POSIX));

    List<String> got = run(link, Map.of(), "tools");

    assertTrue(got.contains(dir.toRealPath() + "/" + Launchers.JAR), () -> "jar next to the real launcher: " + got);
  }

  @Test
  @DisabledOnOs(OS.WINDOWS)
  void driftsmithJavaChoosesTheJvmAndDriftsmithOptsComeAfterTheLauncherOptions() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("target"));
    Launchers.write(dir, tmp.resolve("no-such-jdk"));
    Path other = fakeJavaHome(tmp.resolve("other jdk")).resolve("bin").resolve("java");

    List<String> got = run(dir.resolve(Launchers.POSIX), Map.of("DRIFTSMITH_JAVA", other.toString(),
        "DRIFTSMITH_OPTS", "-Xmx1g -Dx=1"), "tools");

    int last = JvmOption.TUNING.size();
    assertEquals(List.of("-Xmx1g", "-Dx=1", "-jar"), got.subList(last + 1, last + 4),
        "DRIFTSMITH_OPTS split into options, after ours, so a later -Xmx wins: " + got);
  }

  @Test
  @DisabledOnOs(OS.WINDOWS)
  void withoutTheBuildJvmTheLauncherUsesJavaHome() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("target"));
    Launchers.write(dir, tmp.resolve("gone-jdk"));
    Path javaHome = fakeJavaHome(tmp.resolve("java home"));

    List<String> got = run(dir.resolve(Launchers.POSIX), Map.of("JAVA_HOME", javaHome.toString()), "tools");

    assertEquals("-XX:SharedArchiveFile=" + dir.toRealPath() + "/" + JvmOption.ARCHIVE, got.get(0),
        "JAVA_HOME's java ran: " + got);
  }

  @Test
  void theWindowsLauncherCarriesTheSameOptionsAsTheShLauncher() {
    String sh = Launchers.posix("/opt/jdk/bin/java");
    String cmd = Launchers.windows("C:\\Program Files (x86)\\Java\\jdk-17\\bin\\java.exe");
    assertEquals(LauncherLines.shOptions(sh), LauncherLines.cmdOptions(cmd), "the same JVM options, in the same order");
    assertTrue(cmd.contains("\"-XX:SharedArchiveFile=%~dp0driftsmith.jsa\""), cmd);
    assertTrue(cmd.contains("-jar \"%~dp0driftsmith.jar\" %*"), cmd);
  }

  @Test
  void theWindowsLauncherHasCrlfLinesAndEscapesPercentSignsOfTheBuildPath() {
    String cmd = Launchers.windows("C:\\100%\\jdk\\bin\\java.exe");
    assertFalse(cmd.replace("\r\n", "").contains("\n"), "every line ends in CRLF");
    assertTrue(cmd.contains("if exist \"C:\\100%%\\jdk\\bin\\java.exe\""), cmd);
  }

  @Test
  void theOptionsCanBeWrittenIntoBothLaunchersAndTheirComments() {
    for (JvmOption option : JvmOption.TUNING) {
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
    return lines.subList(1, lines.size());
  }
}
