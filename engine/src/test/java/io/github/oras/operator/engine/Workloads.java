package io.github.oras.operator.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators for Pods, Jobs, CronJobs and JobSets with odd but valid contents. */
final class Workloads {
  static final String PREFIX = "oras.converged-computing.github.io/";
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private Workloads() {}

  /** A workload and what the test needs to know about how it was built. */
  record Generated(JsonNode object, String kind, List<String> templatePointers, boolean optedIn) {}

  /** Strings that stress escaping: $(VAR), $$, quotes, spaces, newlines, ~ and /. */
  static Arbitrary<String> hostileText() {
    Arbitrary<String> pieces =
        Arbitraries.of(
            "$(HOME)", "$$", "$", "'", "\"", " ", "\n", "~", "/", "~1", "~0", ";", "`id`", "\\",
            "é", "*");
    Arbitrary<String> plain =
        Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(6);
    return Arbitraries.oneOf(pieces, plain)
        .list()
        .ofMinSize(1)
        .ofMaxSize(5)
        .map(parts -> String.join("", parts));
  }

  /** A relative or absolute path without .. segments, possibly with spaces, quotes and $. */
  static Arbitrary<String> path() {
    Arbitrary<String> segment =
        Arbitraries.oneOf(
            Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(5),
            Arbitraries.of(
                "my dir", "$(X)", "$(A)", "$$x", "a'b", "q\"t", "~x", "out.txt", "$HOME"));
    return Combinators.combine(Arbitraries.of("", "/"), segment.list().ofMinSize(1).ofMaxSize(3))
        .as((root, segments) -> root + String.join("/", segments));
  }

  static Arbitrary<String> reference() {
    Arbitrary<String> repo =
        Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(6);
    Arbitrary<String> tag =
        Arbitraries.strings().withCharRange('a', 'z').numeric().ofMinLength(1).ofMaxLength(6);
    return Combinators.combine(repo, repo, tag).as((a, b, t) -> a + "/" + b + ":" + t);
  }

  /** Valid opt-in annotations; the entrypoint is set when {@code needsEntrypoint}. */
  static Arbitrary<Map<String, String>> orasAnnotations(boolean needsEntrypoint) {
    Arbitrary<List<String>> inputs = reference().list().ofMaxSize(3);
    Arbitrary<Optional<String>> output = reference().optional();
    Arbitrary<String> outputPath = path();
    Arbitrary<Optional<String>> inputPath = path().optional();
    Arbitrary<Optional<String>> pipe = path().optional();
    Arbitrary<List<String>> entrypoint = hostileText().list().ofMinSize(1).ofMaxSize(3);
    return Combinators.combine(
            inputs, output, outputPath, inputPath, pipe, entrypoint, Arbitraries.of(true, false))
        .as(
            (in, out, outPath, inPath, outPipe, entry, debug) -> {
              Map<String, String> a = new LinkedHashMap<>();
              a.put(PREFIX + "oras-cache", "cache");
              for (int i = 0; i < in.size(); i++) {
                a.put(PREFIX + "input-uri_" + (i * 2 + 1), in.get(i));
              }
              out.ifPresent(
                  uri -> {
                    a.put(PREFIX + "output-uri", uri);
                    a.put(PREFIX + "output-path", outPath);
                  });
              inPath.ifPresent(p -> a.put(PREFIX + "input-path", p));
              outPipe.ifPresent(p -> a.put(PREFIX + "output-pipe", p));
              if (needsEntrypoint) {
                ArrayNode array = JSON.arrayNode();
                entry.forEach(array::add);
                a.put(PREFIX + "entrypoint", array.toString());
              }
              a.put(PREFIX + "debug", Boolean.toString(debug));
              return a;
            });
  }

  /** Annotations that are not ours, with keys that need JSON Pointer escaping. */
  static Arbitrary<Map<String, String>> foreignAnnotations() {
    return Arbitraries.maps(
            Arbitraries.of("example.com/a~b", "x/y/z", "plain", "~", "team.io/owner"),
            hostileText())
        .ofMaxSize(3);
  }

  static Arbitrary<ObjectNode> container(String name) {
    Arbitrary<Optional<List<String>>> command =
        hostileText().list().ofMinSize(1).ofMaxSize(4).optional();
    Arbitrary<Optional<List<String>>> args = hostileText().list().ofMaxSize(3).optional();
    Arbitrary<Map<String, String>> env =
        Arbitraries.maps(Arbitraries.of("A", "B_1", "PATH", "ORAS_USER_X"), hostileText())
            .ofMaxSize(3);
    Arbitrary<List<String>> mounts =
        Arbitraries.of("/data", "/work dir", "/cache").list().uniqueElements().ofMaxSize(2);
    return Combinators.combine(command, args, env, mounts)
        .as(
            (cmd, arg, variables, mountPaths) -> {
              ObjectNode c = JSON.objectNode().put("name", name).put("image", "busybox:1.36");
              cmd.ifPresent(list -> list.forEach(c.withArray("command")::add));
              arg.ifPresent(list -> list.forEach(c.withArray("args")::add));
              variables.forEach(
                  (k, v) -> c.withArray("env").addObject().put("name", k).put("value", v));
              for (int i = 0; i < mountPaths.size(); i++) {
                c.withArray("volumeMounts")
                    .addObject()
                    .put("name", "vol-" + i)
                    .put("mountPath", mountPaths.get(i));
              }
              return c;
            });
  }

  /** A pod template ({metadata, spec}), opted in or not. */
  static Arbitrary<ObjectNode> podTemplate(boolean optIn) {
    Arbitrary<List<ObjectNode>> containers =
        Arbitraries.integers().between(1, 3).flatMap(n -> containersNamed("app", n));
    Arbitrary<List<ObjectNode>> inits =
        Arbitraries.integers().between(0, 2).flatMap(n -> containersNamed("init", n));
    Arbitrary<Integer> volumes = Arbitraries.integers().between(0, 3);
    return Combinators.combine(
            containers, inits, volumes, foreignAnnotations(), Arbitraries.of(true, false))
        .flatAs(
            (cs, is, vs, foreign, withSubdomain) ->
                (optIn
                        ? orasAnnotations(!cs.get(0).has("command"))
                        : Arbitraries.just(Map.<String, String>of()))
                    .map(
                        oras -> {
                          ObjectNode template = JSON.objectNode();
                          ObjectNode annotations =
                              template.putObject("metadata").putObject("annotations");
                          foreign.forEach(annotations::put);
                          oras.forEach(annotations::put);
                          ObjectNode spec = template.putObject("spec");
                          cs.forEach(spec.withArray("containers")::add);
                          is.forEach(spec.withArray("initContainers")::add);
                          for (int i = 0; i < vs; i++) {
                            spec.withArray("volumes")
                                .addObject()
                                .put("name", "vol-" + i)
                                .putObject("emptyDir");
                          }
                          if (withSubdomain) {
                            spec.put("subdomain", "own-service");
                          }
                          spec.put("restartPolicy", "Never");
                          return template;
                        }));
  }

  private static Arbitrary<List<ObjectNode>> containersNamed(String prefix, int count) {
    List<Arbitrary<ObjectNode>> list = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      list.add(container(prefix + "-" + i));
    }
    return Combinators.combine(list).as(ArrayList::new);
  }

  static Arbitrary<Generated> workload(boolean optIn) {
    return Arbitraries.oneOf(pod(optIn), job(optIn), cronJob(optIn), jobSet(optIn));
  }

  static Arbitrary<Generated> pod(boolean optIn) {
    return podTemplate(optIn)
        .map(
            template -> {
              ObjectNode pod = JSON.objectNode().put("apiVersion", "v1").put("kind", "Pod");
              ObjectNode metadata =
                  ((ObjectNode) template.get("metadata")).put("name", "p").put("namespace", "ns");
              pod.set("metadata", metadata);
              pod.set("spec", template.get("spec"));
              return new Generated(pod, "Pod", List.of(""), optIn);
            });
  }

  static Arbitrary<Generated> job(boolean optIn) {
    return podTemplate(optIn)
        .map(
            template -> {
              ObjectNode job = JSON.objectNode().put("apiVersion", "batch/v1").put("kind", "Job");
              job.putObject("metadata").put("name", "j").put("namespace", "ns");
              job.putObject("spec").set("template", template);
              return new Generated(job, "Job", List.of("/spec/template"), optIn);
            });
  }

  static Arbitrary<Generated> cronJob(boolean optIn) {
    return podTemplate(optIn)
        .map(
            template -> {
              ObjectNode cron =
                  JSON.objectNode().put("apiVersion", "batch/v1").put("kind", "CronJob");
              cron.putObject("metadata").put("name", "c").put("namespace", "ns");
              ObjectNode spec = cron.putObject("spec").put("schedule", "*/5 * * * *");
              spec.putObject("jobTemplate").putObject("spec").set("template", template);
              return new Generated(
                  cron, "CronJob", List.of("/spec/jobTemplate/spec/template"), optIn);
            });
  }

  static Arbitrary<Generated> jobSet(boolean optIn) {
    return podTemplate(optIn)
        .list()
        .ofMinSize(1)
        .ofMaxSize(4)
        .map(
            templates -> {
              ObjectNode set =
                  JSON.objectNode()
                      .put("apiVersion", "jobset.x-k8s.io/v1alpha2")
                      .put("kind", "JobSet");
              set.putObject("metadata").put("name", "js").put("namespace", "ns");
              ArrayNode jobs = set.putObject("spec").putArray("replicatedJobs");
              List<String> pointers = new ArrayList<>();
              for (int i = 0; i < templates.size(); i++) {
                ObjectNode job = jobs.addObject().put("name", "rj-" + i).put("replicas", 1);
                job.putObject("template").putObject("spec").set("template", templates.get(i));
                pointers.add("/spec/replicatedJobs/" + i + "/template/spec/template");
              }
              return new Generated(set, "JobSet", pointers, optIn);
            });
  }
}
