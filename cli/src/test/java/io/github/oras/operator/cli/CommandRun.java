package io.github.oras.operator.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Runs the oras-operator command in-process and captures what it printed. */
record CommandRun(int exitCode, String out, String err) {

  static CommandRun of(String... args) {
    return withStdin("", args);
  }

  static synchronized CommandRun withStdin(String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = Main.commandLine();
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(err, true));
    InputStream previous = System.in;
    System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    try {
      int code = command.execute(args);
      return new CommandRun(code, out.toString(), err.toString());
    } finally {
      System.setIn(previous);
    }
  }
}
