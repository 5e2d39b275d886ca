package io.github.oras.operator.sidecar;

import io.github.oras.operator.api.SidecarContract;
import java.time.Duration;
import java.util.Map;

/**
 * How the push side lives beside the app, from {@code ORAS_SIDECAR_MODE} and {@code
 * ORAS_HEARTBEAT_TIMEOUT}: a native sidecar serves every run until the kubelet stops it; a regular
 * container deals with one run and exits, giving up when the launcher's heartbeat stops.
 */
record PushLifecycle(boolean nativeSidecar, Duration heartbeatTimeout) {
  static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(10);

  /**
   * @throws IllegalArgumentException naming the variable and its value
   */
  static PushLifecycle fromEnvironment(Map<String, String> env) {
    String mode = env.getOrDefault(SidecarContract.ENV_SIDECAR_MODE, "");
    if (!mode.isEmpty()
        && !mode.equals(SidecarContract.MODE_NATIVE)
        && !mode.equals(SidecarContract.MODE_CONTAINER)) {
      throw new IllegalArgumentException(
          SidecarContract.ENV_SIDECAR_MODE
              + " must be native or container, not \""
              + DoneFile.abbreviate(mode)
              + "\"");
    }
    String timeout = env.getOrDefault(SidecarContract.ENV_HEARTBEAT_TIMEOUT, "");
    Duration heartbeat = DEFAULT_HEARTBEAT_TIMEOUT;
    if (!timeout.isEmpty()) {
      try {
        heartbeat = Duration.ofMillis(Math.round(Double.parseDouble(timeout) * 1000));
      } catch (NumberFormatException e) {
        heartbeat = Duration.ZERO;
      }
      if (heartbeat.compareTo(Duration.ofMillis(100)) < 0) {
        throw new IllegalArgumentException(
            SidecarContract.ENV_HEARTBEAT_TIMEOUT
                + " must be a number of seconds of at least 0.1, not \""
                + DoneFile.abbreviate(timeout)
                + "\"");
      }
    }
    return new PushLifecycle(mode.equals(SidecarContract.MODE_NATIVE), heartbeat);
  }
}
