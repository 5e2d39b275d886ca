package io.github.oras.operator.cli.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A local process with exactly the given environment, whose output goes line by line to a log. */
final class LoggedProcess {
  private final Process process;
  private final Thread logs;

  private LoggedProcess(Process process, Thread logs) {
    this.process = process;
    this.logs = logs;
  }

  static LoggedProcess start(
      List<String> command, Map<String, String> environment, String name, Consumer<String> log)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().putAll(environment);
    Process process = builder.start();
    process.getOutputStream().close();
    Thread logs = new Thread(() -> copyLines(process.getInputStream(), log), "logs-" + name);
    logs.setDaemon(true);
    logs.start();
    return new LoggedProcess(process, logs);
  }

  Process process() {
    return process;
  }

  /** Waits for the output to end (a grandchild that keeps it open is not waited for long). */
  void awaitLogs() throws InterruptedException {
    logs.join(TimeUnit.SECONDS.toMillis(2));
  }

  private static void copyLines(InputStream in, Consumer<String> log) {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        log.accept(line);
      }
    } catch (IOException e) {
      log.accept("(log stream ended: " + e.getMessage() + ")");
    }
  }
}
