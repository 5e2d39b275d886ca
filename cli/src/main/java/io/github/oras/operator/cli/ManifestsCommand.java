package io.github.oras.operator.cli;

import io.github.oras.operator.cli.manifests.ManifestOptions;
import io.github.oras.operator.cli.manifests.ManifestsRenderer;
import io.github.oras.operator.engine.ConfigurationException;
import io.github.oras.operator.engine.PolicyCatalog;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code oras-operator manifests}: renders the installation (RBAC, Deployment, Service, webhook
 * configuration).
 */
@Command(
    name = "manifests",
    mixinStandardHelpOptions = true,
    description =
        "Render the operator's Kubernetes manifests: to stdout, or as files with a kustomization.yaml into --output.")
public final class ManifestsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--levels",
      split = ",",
      defaultValue = "pod,job,jobset,metricset",
      description =
          "Policies whose kinds the webhook receives, in order (default: ${DEFAULT-VALUE}).")
  List<String> levels;

  @Option(
      names = "--namespace-selector",
      paramLabel = "KEY=VALUE[,KEY=VALUE]",
      defaultValue = ManifestOptions.OPT_IN_LABEL + "=enabled",
      description = "Labels a namespace needs to opt in (default: ${DEFAULT-VALUE}).")
  String namespaceSelector;

  @Option(
      names = "--ca-bundle",
      paramLabel = "FILE",
      description =
          "PEM CA bundle for the webhook configuration; without it cert-manager's CA injector fills it in.")
  Path caBundle;

  @Option(
      names = "--failure-policy",
      defaultValue = "Fail",
      description =
          "Fail or Ignore: what the API server does when the webhook cannot answer (default: ${DEFAULT-VALUE}).")
  String failurePolicy;

  @Option(
      names = "--namespace",
      defaultValue = ManifestOptions.DEFAULT_NAMESPACE,
      description = "Operator namespace (default: ${DEFAULT-VALUE}).")
  String namespace;

  // The default is the build's own image, known only when the class loads (no annotation constant).
  @Option(names = "--image", description = "Operator image (default: ${DEFAULT-VALUE}).")
  String image = ManifestOptions.DEFAULT_IMAGE;

  @Option(
      names = "--crds",
      paramLabel = "DIR",
      defaultValue = "crds",
      description =
          "Directory of CRD YAML files to copy in, if it exists (default: ${DEFAULT-VALUE}).")
  Path crds;

  @Option(
      names = "--output",
      paramLabel = "DIR",
      description = "Write one file per object and a kustomization.yaml here.")
  Path output;

  @Override
  public Integer call() {
    try {
      ManifestOptions options =
          new ManifestOptions(
              levels,
              ManifestOptions.parseSelector(namespaceSelector),
              java.util.Optional.empty(),
              failurePolicy,
              namespace,
              image);
      if (caBundle != null) {
        options = options.withCaBundle(Files.readString(caBundle));
      }
      Map<String, String> files =
          new ManifestsRenderer()
              .render(
                  options,
                  PolicyCatalog.discover(ManifestsCommand.class.getClassLoader()),
                  ManifestsRenderer.readCrds(crds));
      if (output != null) {
        ManifestsRenderer.write(files, output);
        spec.commandLine().getErr().println("wrote " + files.size() + " files into " + output);
      } else {
        PrintWriter out = spec.commandLine().getOut();
        files.forEach(
            (name, content) -> {
              if (!name.equals(ManifestsRenderer.KUSTOMIZATION)) {
                out.print(content.startsWith("---") ? content : "---\n" + content);
              }
            });
        out.flush();
      }
      return 0;
    } catch (NoSuchFileException e) {
      return fail("file not found: " + e.getFile());
    } catch (IOException e) {
      return fail(e.getMessage());
    } catch (ConfigurationException | IllegalArgumentException e) {
      return fail(e.getMessage());
    }
  }

  private int fail(String message) {
    spec.commandLine().getErr().println("oras-operator manifests: " + message);
    return 1;
  }
}
