package io.github.oras.operator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.oras.operator.webhook.engine.CacheResolver;
import io.github.oras.operator.webhook.engine.MutationEngine;
import io.github.oras.operator.webhook.engine.MutationOutcome;
import io.github.oras.operator.webhook.engine.Patches;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Offline injection, like {@code istioctl kube-inject}: the same engine as the webhook, applied to
 * YAML files. All documents are injected or none is printed: a bad annotation anywhere exits 2.
 */
@Command(
    name = "inject",
    description =
        "Inject the artifact cache into the workloads of a YAML file and print the result.")
final class InjectCommand implements Callable<Integer> {
  @Option(
      names = {"-f", "--filename"},
      required = true,
      paramLabel = "FILE",
      description = "YAML file, or - for standard input.")
  String file;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      description = "Namespace for objects that name none (default: default).")
  String namespace = "default";

  @Mixin EngineOptions options;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    List<JsonNode> documents;
    try (InputStream in = file.equals("-") ? System.in : Files.newInputStream(Path.of(file))) {
      documents = YamlDocuments.read(in);
    } catch (NoSuchFileException e) {
      err.println("oras-operator inject: " + file + ": no such file");
      return ExitCodes.FAILURE;
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      err.println(
          "oras-operator inject: " + file + " is not valid YAML: " + e.getOriginalMessage());
      return ExitCodes.INVALID_INPUT;
    }
    MutationEngine engine = options.engine(CacheResolver.byConvention());
    List<JsonNode> mutated = new ArrayList<>();
    boolean rejected = false;
    for (JsonNode document : documents) {
      MutationOutcome outcome = engine.mutate(document, namespace);
      String name = describe(document);
      outcome.warnings().forEach(warning -> err.println("Warning: " + name + ": " + warning));
      if (outcome instanceof MutationOutcome.Rejected rejection) {
        rejected = true;
        rejection.errors().forEach(error -> err.println("error: " + name + ": " + error));
      } else if (outcome instanceof MutationOutcome.Patched patched) {
        mutated.add(Patches.apply(patched.patch(), document));
      } else {
        mutated.add(document);
      }
    }
    if (rejected) {
      return ExitCodes.INVALID_INPUT;
    }
    spec.commandLine().getOut().print(YamlDocuments.write(mutated));
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }

  private String describe(JsonNode document) {
    return file
        + ": "
        + document.path("kind").asText("object")
        + "/"
        + document.path("metadata").path("name").asText("(unnamed)");
  }
}
