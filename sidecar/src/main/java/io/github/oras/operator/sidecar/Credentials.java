package io.github.oras.operator.sidecar;

import io.github.oras.operator.api.SidecarContract;
import java.util.Map;
import java.util.Optional;

/** A registry user name and password; {@link #toString()} never shows the password. */
public record Credentials(String user, String password) {

  public Credentials {
    if (user == null || user.isEmpty()) {
      throw new IllegalArgumentException("a registry user name must not be empty");
    }
    password = password == null ? "" : password;
  }

  /**
   * Credentials for pulling from the {@code oras-env} Secret's variables: {@code ORAS_USER} with
   * {@code ORAS_PULL_PASS}, falling back to {@code ORAS_PUSH_PASS} when only that is set.
   */
  public static Optional<Credentials> forPull(Map<String, String> env) {
    return from(env, SidecarContract.ENV_PULL_PASSWORD, SidecarContract.ENV_PUSH_PASSWORD);
  }

  /**
   * Credentials for pushing: {@code ORAS_USER} with {@code ORAS_PUSH_PASS} (else {@code
   * ORAS_PULL_PASS}).
   */
  public static Optional<Credentials> forPush(Map<String, String> env) {
    return from(env, SidecarContract.ENV_PUSH_PASSWORD, SidecarContract.ENV_PULL_PASSWORD);
  }

  private static Optional<Credentials> from(
      Map<String, String> env, String passwordKey, String fallbackKey) {
    String user = env.get(SidecarContract.ENV_USER);
    if (user == null || user.isEmpty()) {
      return Optional.empty();
    }
    String password = env.get(passwordKey);
    if (password == null || password.isEmpty()) {
      password = env.get(fallbackKey);
    }
    return Optional.of(new Credentials(user, password));
  }

  @Override
  public String toString() {
    return "Credentials[user=" + user + ", password=***]";
  }
}
