package io.github.oras.operator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.oras.operator.engine.CacheResolver;
import io.github.oras.operator.engine.MutationEngine;
import io.github.oras.operator.engine.MutationOutcome;
import io.github.oras.operator.engine.Patches;
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
      if (isList(document)) {
        // What `kubectl get -o yaml` prints: inject every item, keep the List around them.
        ObjectNode list = document.deepCopy();
        ArrayNode items = list.putArray("items");
        for (JsonNode item : document.path("items")) {
          JsonNode result = inject(engine, item, err);
          rejected |= result == null;
          items.add(result == null ? item : result);
        }
        mutated.add(list);
      } else {
        JsonNode result = inject(engine, document, err);
        rejected |= result == null;
        mutated.add(result == null ? document : result);
      }
    }
    if (rejected) {
      return ExitCodes.INVALID_INPUT;
    }
    spec.commandLine().getOut().print(YamlDocuments.write(mutated));
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }

  /** The injected object, or null when it was rejected (the errors are printed). */
  private JsonNode inject(MutationEngine engine, JsonNode document, PrintWriter err) {
    MutationOutcome outcome = engine.mutate(document, namespace);
    String name = describe(document);
    outcome.warnings().forEach(warning -> err.println("Warning: " + name + ": " + warning));
    if (outcome instanceof MutationOutcome.Rejected rejection) {
      rejection.errors().forEach(error -> err.println("error: " + name + ": " + error));
      return null;
    }
    if (outcome instanceof MutationOutcome.Checked checked) {
      // Not mutated here: say what will happen to the workload its controller creates.
      checked.notes().forEach(note -> err.println("note: " + name + ": " + note));
    }
    return outcome instanceof MutationOutcome.Patched patched
        ? Patches.apply(patched.patch(), document)
        : document;
  }

  private static boolean isList(JsonNode document) {
    return "List".equals(document.path("kind").asText()) && document.path("items").isArray();
  }

  private String describe(JsonNode document) {
    return file
        + ": "
        + document.path("kind").asText("object")
        + "/"
        + document.path("metadata").path("name").asText("(unnamed)");
  }
}
