package io.github.oras.operator.api;

/**
 * The contract between the webhook (which writes container specs) and the sidecar image (which
 * reads them): the shared directory, the files in it and the environment variables. Values reach
 * the sidecar and the launcher only through these variables and argv, never inside a script.
 */
public final class SidecarContract {
  private SidecarContract() {}

  /** Name of the emptyDir volume shared by the init container, the app and the sidecar. */
  public static final String VOLUME = "oras-share";

  /** Where the share is mounted in every container that uses it. */
  public static final String SHARE = "/mnt/oras";

  /** Name of the init container that pulls inputs and installs the launcher. */
  public static final String PULL_CONTAINER = "oras-pull";

  /** Name of the sidecar container that pushes the output. */
  public static final String PUSH_CONTAINER = "oras-push";

  /**
   * The launcher script, copied into the share by the pull step; the app runs {@code sh LAUNCHER --
   * argv}.
   */
  public static final String LAUNCHER = SHARE + "/oras-launcher.sh";

  /** Separates the launcher's own arguments from the app's original argv. */
  public static final String ARGV_SEPARATOR = "--";

  /**
   * Directory in the share that receives pulled inputs before the launcher moves them into place.
   */
  public static final String INPUTS_DIR = "inputs";

  /** Directory in the share into which the launcher copies the output for the sidecar to push. */
  public static final String OUTPUTS_DIR = "outputs";

  /**
   * Written by the pull step when inputs are in place (kept for compatibility; nothing polls it).
   */
  public static final String INIT_FILE = "oras-operator-init.txt";

  /**
   * Written by the launcher when the app ended: one line {@code RUN_ID EXIT_CODE}. A run id is the
   * launcher's own for each start (1-64 characters of {@code [A-Za-z0-9._-]}), so that a restarted
   * container never takes an earlier run's file for its own.
   */
  public static final String DONE_FILE = "oras-operator-done.txt";

  /**
   * Written by the push sidecar when it has dealt with a run: one line {@code RUN_ID STATUS}, the
   * status being {@link #PUSH_PUSHED}, {@link #PUSH_SKIPPED} (the app failed, nothing pushed) or
   * {@link #PUSH_FAILED}. In native mode the launcher waits for its run's result before it exits.
   */
  public static final String PUSH_RESULT_FILE = "oras-operator-push.txt";

  public static final String PUSH_PUSHED = "pushed";
  public static final String PUSH_SKIPPED = "skipped";
  public static final String PUSH_FAILED = "failed";

  /**
   * Rewritten by the launcher every {@link #ENV_HEARTBEAT_INTERVAL} seconds while it runs, in
   * container mode only; holds the run id. A heartbeat that stops without a done file for its run
   * means the app container died.
   */
  public static final String HEARTBEAT_FILE = "oras-operator-heartbeat.txt";

  /** Value of {@link #ENV_SIDECAR_MODE}: the push side is a native sidecar. */
  public static final String MODE_NATIVE = "native";

  /** Value of {@link #ENV_SIDECAR_MODE}: the push side is a regular container. */
  public static final String MODE_CONTAINER = "container";

  /** Default commands of the sidecar image. */
  public static final String SIDECAR_EXECUTABLE = "oras-sidecar";

  public static final String PULL_COMMAND = "pull";
  public static final String PUSH_COMMAND = "push";

  // Environment of the pull and push containers.
  public static final String ENV_SHARE = "ORAS_SHARE";
  public static final String ENV_REGISTRY = "ORAS_REGISTRY";
  public static final String ENV_PLAIN_HTTP = "ORAS_PLAIN_HTTP";

  /**
   * The fully qualified input references, in pull order, one per line ({@link
   * #INPUT_URIS_SEPARATOR}; a reference cannot contain a newline). One variable for the whole list
   * keeps each injected template small: a workload with many pod templates carries it once per
   * template.
   */
  public static final String ENV_INPUT_URIS = "ORAS_INPUT_URIS";

  /** Separates the references in {@link #ENV_INPUT_URIS}. */
  public static final String INPUT_URIS_SEPARATOR = "\n";

  /**
   * Prefix of the numbered input references ORAS_INPUT_URI_1 .. _N (contiguous) that webhooks
   * before {@link #ENV_INPUT_URIS} wrote; the sidecar still reads them for pods admitted then.
   */
  public static final String ENV_INPUT_URI_PREFIX = "ORAS_INPUT_URI_";

  public static final String ENV_OUTPUT_URI = "ORAS_OUTPUT_URI";
  public static final String ENV_UNPACK = "ORAS_UNPACK";
  public static final String ENV_DEBUG = "ORAS_DEBUG";
  public static final String ENV_PUSH_ON_FAILURE = "ORAS_PUSH_ON_FAILURE";

  /**
   * The pod's name (downward API {@code metadata.name}) in the push container, for {@code {pod}} in
   * the output tag.
   */
  public static final String ENV_POD_NAME = "ORAS_POD_NAME";

  /**
   * Prefix of the parts of the pod's {@code {index}} in the push container: ORAS_POD_INDEX_1 .. _N
   * (downward API fields the workload's policy names, e.g. a JobSet's job index, then the Job's
   * completion index), joined with {@code -}.
   */
  public static final String ENV_POD_INDEX_PREFIX = "ORAS_POD_INDEX_";

  /** Set by Kubernetes in every container of an Indexed Job's pods: the pod's completion index. */
  public static final String ENV_JOB_COMPLETION_INDEX = "JOB_COMPLETION_INDEX";

  /**
   * {@code native} or {@code container}, set on the app and push containers when there is a push
   * side. The launcher waits for the push result (native) or keeps a heartbeat (container); without
   * it the launcher does neither and the push command behaves as in container mode.
   */
  public static final String ENV_SIDECAR_MODE = "ORAS_SIDECAR_MODE";

  /** Container mode: seconds without a heartbeat after which the sidecar gives up (default 10). */
  public static final String ENV_HEARTBEAT_TIMEOUT = "ORAS_HEARTBEAT_TIMEOUT";

  /** Container mode: seconds between the launcher's heartbeats (default 2). */
  public static final String ENV_HEARTBEAT_INTERVAL = "ORAS_HEARTBEAT_INTERVAL";

  // Environment of the launcher in the app container.
  public static final String ENV_INPUT_PATH = "ORAS_INPUT_PATH";
  public static final String ENV_OUTPUT_PATH = "ORAS_OUTPUT_PATH";
  public static final String ENV_OUTPUT_PIPE = "ORAS_OUTPUT_PIPE";

  // Credentials, from the Secret named by the oras-env annotation.
  public static final String ENV_USER = "ORAS_USER";
  public static final String ENV_PUSH_PASSWORD = "ORAS_PUSH_PASS";
  public static final String ENV_PULL_PASSWORD = "ORAS_PULL_PASS";
}
