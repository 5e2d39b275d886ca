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

  /** Written by the launcher when the app ended; holds the app's exit code. */
  public static final String DONE_FILE = "oras-operator-done.txt";

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

  // Environment of the launcher in the app container.
  public static final String ENV_INPUT_PATH = "ORAS_INPUT_PATH";
  public static final String ENV_OUTPUT_PATH = "ORAS_OUTPUT_PATH";
  public static final String ENV_OUTPUT_PIPE = "ORAS_OUTPUT_PIPE";

  // Credentials, from the Secret named by the oras-env annotation.
  public static final String ENV_USER = "ORAS_USER";
  public static final String ENV_PUSH_PASSWORD = "ORAS_PUSH_PASS";
  public static final String ENV_PULL_PASSWORD = "ORAS_PULL_PASS";
}
