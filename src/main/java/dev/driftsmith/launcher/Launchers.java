package dev.driftsmith.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The two launchers the build writes next to the jar: {@code driftsmith} (POSIX sh) and
 * {@code driftsmith.cmd} (Windows). Both run the JVM that built them, if it is still there (the
 * archive was made for it), with {@link JvmOption#TUNING} and the archive next to the jar.
 */
public final class Launchers {
  private Launchers() {}

  public static final String POSIX = "driftsmith";
  public static final String WINDOWS = "driftsmith.cmd";
  public static final String JAR = "driftsmith.jar";

  /** Writes both launchers into {@code dir}; {@code javaHome} is the JVM of the build. */
  public static void write(Path dir, Path javaHome) throws IOException {
    Path posix = dir.resolve(POSIX);
    Files.writeString(posix, posix(javaHome.resolve("bin").resolve("java").toString()), StandardCharsets.UTF_8);
    makeExecutable(posix);
    Files.writeString(dir.resolve(WINDOWS), windows(javaHome + "\\bin\\java.exe"), StandardCharsets.UTF_8);
  }

  /** The sh launcher; {@code buildJava} is the java executable that made the archive. */
  static String posix(String buildJava) {
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
        + "# glibc gives each thread that allocates its own arena, which keeps what SQLite freed; one arena\n"
        + "# is enough for one client and keeps a session's memory 30 MB smaller.\n"
        + "MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-1}\n"
        + "export MALLOC_ARENA_MAX\n"
        + "exec \"$java\" \"-XX:SharedArchiveFile=$dir/" + JvmOption.ARCHIVE + "\" " + flags()
        + " $DRIFTSMITH_OPTS -jar \"$dir/" + JAR + "\" \"$@\"\n";
  }

  /** The Windows launcher, with the same options; {@code %~dp0} is its own folder, ending in a backslash. */
  static String windows(String buildJava) {
    String escaped = buildJava.replace("%", "%%");
    String text = "@echo off\n"
        + header("rem")
        + "setlocal\n"
        + "set \"JAVA=%DRIFTSMITH_JAVA%\"\n"
        + "if not defined JAVA if exist \"" + escaped + "\" set \"JAVA=" + escaped + "\"\n"
        + "if not defined JAVA if defined JAVA_HOME set \"JAVA=%JAVA_HOME%\\bin\\java.exe\"\n"
        + "if not defined JAVA set \"JAVA=java\"\n"
        + "\"%JAVA%\" \"-XX:SharedArchiveFile=%~dp0" + JvmOption.ARCHIVE + "\" " + flags()
        + " %DRIFTSMITH_OPTS% -jar \"%~dp0" + JAR + "\" %*\n"
        + "exit /b %ERRORLEVEL%\n";
    return text.replace("\n", "\r\n");
  }

  private static String header(String comment) {
    StringBuilder text = new StringBuilder()
        .append(comment).append(" Driftsmith: runs driftsmith.jar with the start-up options below. Written by the build\n")
        .append(comment).append(" (mvn package) with its class-data archive, driftsmith.jsa; rebuild rather than edit.\n")
        .append(comment).append("   DRIFTSMITH_JAVA  the java to run (default: the JVM of the build, else JAVA_HOME, else PATH)\n")
        .append(comment).append("   DRIFTSMITH_OPTS  more JVM options, after these (a later -Xmx wins)\n")
        .append(comment).append(" Options:\n");
    for (JvmOption option : JvmOption.TUNING) {
      text.append(comment).append("   ").append(option.flag()).append("  ").append(option.reason()).append('\n');
    }
    return text.toString();
  }

  private static String flags() {
    return JvmOption.TUNING.stream().map(JvmOption::flag).collect(Collectors.joining(" "));
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
