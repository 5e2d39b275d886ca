package io.github.oras.operator.cli;

/** Exit codes shared by all commands. */
final class ExitCodes {
  private ExitCodes() {}

  static final int OK = 0;

  /** A runtime failure: unreadable file, unreachable server, configuration error. */
  static final int FAILURE = 1;

  /** The input was read but is invalid (bad annotations): the user has to fix it. */
  static final int INVALID_INPUT = 2;
}
