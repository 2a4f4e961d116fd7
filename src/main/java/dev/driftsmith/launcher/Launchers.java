package dev.driftsmith.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The two launchers the build writes next to the jar: {@code driftsmith} (POSIX sh) and
 * {@code driftsmith.cmd} (Windows). Both run, with {@link JvmOption#TUNING}, the JDK 25 that made
 * the AOT cache next to the jar, while both are there; otherwise the JVM that built them, if it is
 * still there, with the class-data archive made for it, else another java, which ignores an archive
 * that does not fit it.
 */
public final class Launchers {
  private Launchers() {}

  public static final String POSIX = "driftsmith";
  public static final String WINDOWS = "driftsmith.cmd";
  public static final String JAR = "driftsmith.jar";

  /**
   * Writes both launchers into {@code dir}; {@code javaHome} is the JVM of the build, {@code aot}
   * the AOT cache the build makes, if it found a JDK for one.
   */
  static void write(Path dir, Path javaHome, Optional<AotCache> aot) throws IOException {
    Path posix = dir.resolve(POSIX);
    Files.writeString(posix, posix(javaHome.resolve("bin").resolve("java").toString(), aot), StandardCharsets.UTF_8);
    makeExecutable(posix);
    Files.writeString(dir.resolve(WINDOWS), windows(javaHome + "\\bin\\java.exe", aot), StandardCharsets.UTF_8);
  }

  /** The sh launcher; {@code buildJava} is the java executable that made the class-data archive. */
  static String posix(String buildJava, Optional<AotCache> aot) {
    String quoted = shQuoted(buildJava);
    return "#!/bin/sh\n"
        + header("#")
        + "set -f\n"
        + "self=$0\n"
        + "while [ -h \"$self\" ]; do\n"
        + "  link=$(readlink \"$self\")\n"
        + "  case $link in\n"
        + "    /*) self=$link ;;\n"
        + "    *) self=$(dirname \"$self\")/$link ;;\n"
        + "  esac\n"
        + "done\n"
        + "dir=$(CDPATH= cd -- \"$(dirname -- \"$self\")\" && pwd -P) || exit 1\n"
        + "# glibc gives each thread that allocates its own arena, which keeps what SQLite freed; one arena\n"
        + "# is enough for one client and keeps a session's memory 30 MB smaller.\n"
        + "MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-1}\n"
        + "export MALLOC_ARENA_MAX\n"
        + aot.map(Launchers::posixAot).orElse("")
        + "java=$DRIFTSMITH_JAVA\n"
        + "if [ -z \"$java\" ]; then\n"
        + "  if [ -x " + quoted + " ]; then\n"
        + "    java=" + quoted + "\n"
        + "  elif [ -n \"$JAVA_HOME\" ] && [ -x \"$JAVA_HOME/bin/java\" ]; then\n"
        + "    java=$JAVA_HOME/bin/java\n"
        + "  else\n"
        + "    java=java\n"
        + "  fi\n"
        + "fi\n"
        + "exec \"$java\" \"" + StartArchive.CDS.readFlag + "$dir/" + StartArchive.CDS.file + "\" " + flags(StartArchive.CDS)
        + " $DRIFTSMITH_OPTS -jar \"$dir/" + JAR + "\" \"$@\"\n";
  }

  /**
   * The JDK that made the AOT cache, with the cache, unless DRIFTSMITH_JAVA names another java, or
   * the jar is not the one the cache was made for (see {@link AotCache}).
   */
  private static String posixAot(AotCache aot) {
    String quoted = shQuoted(aot.jdkHome().resolve("bin").resolve("java").toString());
    String cache = "\"$dir/" + aot.file() + "\"";
    String jar = "\"$dir/" + JAR + "\"";
    return "# The AOT cache, while the jar is the one it was made for (same size, not newer).\n"
        + "if [ -z \"$DRIFTSMITH_JAVA\" ] && [ -x " + quoted + " ] && [ -f " + cache + " ] && [ ! " + jar + " -nt " + cache
        + " ] && [ \"$(wc -c < " + jar + ")\" -eq " + aot.jarSize() + " ]; then\n"
        + "  exec " + quoted + " \"" + StartArchive.AOT.readFlag + "$dir/" + aot.file() + "\" " + flags(StartArchive.AOT)
        + " $DRIFTSMITH_OPTS -jar " + jar + " \"$@\"\n"
        + "fi\n";
  }

  /** The Windows launcher, with the same options; {@code %~dp0} is its own folder, ending in a backslash. */
  static String windows(String buildJava, Optional<AotCache> aot) {
    String escaped = buildJava.replace("%", "%%");
    String text = "@echo off\n"
        + header("rem")
        + "setlocal\n"
        + aot.map(Launchers::windowsAot).orElse("")
        + "set \"JAVA=%DRIFTSMITH_JAVA%\"\n"
        + "if not defined JAVA if exist \"" + escaped + "\" set \"JAVA=" + escaped + "\"\n"
        + "if not defined JAVA if defined JAVA_HOME set \"JAVA=%JAVA_HOME%\\bin\\java.exe\"\n"
        + "if not defined JAVA set \"JAVA=java\"\n"
        + "\"%JAVA%\" \"" + StartArchive.CDS.readFlag + "%~dp0" + StartArchive.CDS.file + "\" " + flags(StartArchive.CDS)
        + " %DRIFTSMITH_OPTS% -jar \"%~dp0" + JAR + "\" %*\n"
        + "exit /b %ERRORLEVEL%\n";
    return text.replace("\n", "\r\n");
  }

  /** As {@link #posixAot}, the jar checked by its size alone. */
  private static String windowsAot(AotCache aot) {
    String escaped = (aot.jdkHome() + "\\bin\\java.exe").replace("%", "%%");
    return "if defined DRIFTSMITH_JAVA goto cds\n"
        + "if not exist \"" + escaped + "\" goto cds\n"
        + "if not exist \"%~dp0" + aot.file() + "\" goto cds\n"
        + "for %%J in (\"%~dp0" + JAR + "\") do if not \"%%~zJ\"==\"" + aot.jarSize() + "\" goto cds\n"
        + "\"" + escaped + "\" \"" + StartArchive.AOT.readFlag + "%~dp0" + aot.file() + "\" " + flags(StartArchive.AOT)
        + " %DRIFTSMITH_OPTS% -jar \"%~dp0" + JAR + "\" %*\n"
        + "exit /b %ERRORLEVEL%\n"
        + ":cds\n";
  }

  private static String header(String comment) {
    StringBuilder text = new StringBuilder()
        .append(comment).append(" Driftsmith: runs driftsmith.jar with the start-up options below. Written by the build\n")
        .append(comment).append(" (mvn package) with its start-up archives, driftsmith-*.aot (for the JDK 25 the build was given,\n")
        .append(comment).append(" if any) and driftsmith.jsa (for the build's JVM); rebuild rather than edit.\n")
        .append(comment).append("   DRIFTSMITH_JAVA  the java to run (default: the JDK of driftsmith.aot, else the JVM of the\n")
        .append(comment).append("                    build, else JAVA_HOME, else PATH); it gets driftsmith.jsa\n")
        .append(comment).append("   DRIFTSMITH_OPTS  more JVM options, after these (a later -Xmx wins)\n")
        .append(comment).append(" Options:\n");
    Stream.of(JvmOption.TUNING, StartArchive.CDS.options, StartArchive.AOT.options).flatMap(List::stream).forEach(option ->
        text.append(comment).append("   ").append(option.flag()).append("  ").append(option.reason()).append('\n'));
    return text.toString();
  }

  /** {@link JvmOption#TUNING}, then the options of {@code archive}'s kind. */
  private static String flags(StartArchive archive) {
    return Stream.concat(JvmOption.TUNING.stream(), archive.options.stream()).map(JvmOption::flag)
        .collect(Collectors.joining(" "));
  }

  /** {@code value} in single quotes, for sh: nothing inside is expanded. */
  static String shQuoted(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }

  private static void makeExecutable(Path file) throws IOException {
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      permissions.addAll(List.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_EXECUTE));
      Files.setPosixFilePermissions(file, permissions);
    } catch (UnsupportedOperationException e) {
      // Windows: the sh launcher is for Git Bash or WSL there, which do not read these bits.
    }
  }
}
