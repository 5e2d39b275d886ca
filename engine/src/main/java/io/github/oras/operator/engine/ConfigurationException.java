package io.github.oras.operator.engine;

/** A start-up error in the webhook's configuration: unknown or duplicate names, a bad file. */
public final class ConfigurationException extends RuntimeException {
  public ConfigurationException(String message) {
    super(message);
  }

  public ConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
