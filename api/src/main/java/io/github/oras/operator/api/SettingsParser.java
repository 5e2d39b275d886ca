package io.github.oras.operator.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the annotation contract into {@link CacheSettings}. Pure: a map in, a result out. Every
 * violation is collected (not only the first), each naming the key, the value and the rule.
 */
public final class SettingsParser {

  private static final Pattern LIST_KEY =
      Pattern.compile(Pattern.quote(Annotations.INPUT_URI + Annotations.LIST_SEPARATOR) + "(.*)");
  private static final Pattern LIST_INDEX = Pattern.compile("[1-9][0-9]{0,8}");
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile(
          "(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private SettingsParser() {}

  /** Parses the annotations of an object or pod template (keys are full annotation names). */
  public static ParsedSettings parse(Map<String, String> annotations) {
    Map<String, String> ours = new TreeMap<>();
    annotations.forEach(
        (name, value) -> {
          if (name.startsWith(Annotations.PREFIX)) {
            ours.put(name.substring(Annotations.PREFIX.length()), value == null ? "" : value);
          }
        });
    if (!ours.containsKey(Annotations.ORAS_CACHE)) {
      ours.remove(Annotations.INJECTED);
      return new ParsedSettings.NotRequested(List.copyOf(ours.keySet()));
    }
    return new Reader(ours).read();
  }

  /** One pass over one annotation map, accumulating errors. */
  private static final class Reader {
    private final Map<String, String> values;
    private final List<AnnotationError> errors = new ArrayList<>();

    Reader(Map<String, String> values) {
      this.values = values;
    }

    ParsedSettings read() {
      reportUnknownKeys();
      String cache = required(Annotations.ORAS_CACHE, this::dnsLabel);
      List<ArtifactReference> inputs = inputs();
      Optional<String> inputPath = optional(Annotations.INPUT_PATH, this::path);
      Optional<OutputReference> outputUri =
          optional(Annotations.OUTPUT_URI, OutputReference::parse);
      Optional<String> outputPath = optional(Annotations.OUTPUT_PATH, this::path);
      Optional<CacheSettings.Output> output = output(outputUri, outputPath);
      Optional<String> outputPipe = optional(Annotations.OUTPUT_PIPE, this::path);
      Optional<String> container = optional(Annotations.CONTAINER, this::dnsLabel);
      Optional<Command> entrypoint = optional(Annotations.ENTRYPOINT, Command::parse);
      Optional<String> orasImage = optional(Annotations.ORAS_CONTAINER, this::image);
      Optional<Command> orasEntrypoint = optional(Annotations.ORAS_ENTRYPOINT, Command::parse);
      Optional<String> registry = optional(Annotations.REGISTRY, this::host);
      Optional<String> orasEnv = optional(Annotations.ORAS_ENV, this::dnsSubdomain);
      boolean unpack = bool(Annotations.UNPACK).orElse(true);
      boolean debug = bool(Annotations.DEBUG).orElse(false);
      boolean pushOnFailure = bool(Annotations.PUSH_ON_FAILURE).orElse(false);
      Optional<Boolean> plainHttp = bool(Annotations.PLAIN_HTTP);
      if (!errors.isEmpty()) {
        return new ParsedSettings.Invalid(errors);
      }
      return new ParsedSettings.Valid(
          new CacheSettings(
              cache,
              inputs,
              inputPath,
              output,
              outputPipe,
              container,
              entrypoint,
              orasImage,
              orasEntrypoint,
              registry,
              orasEnv,
              unpack,
              debug,
              pushOnFailure,
              plainHttp));
    }

    private void reportUnknownKeys() {
      for (String key : values.keySet()) {
        if (Annotations.USER_KEYS.contains(key)
            || key.equals(Annotations.INJECTED)
            || LIST_KEY.matcher(key).matches()) {
          continue;
        }
        String hint = KeySuggestions.closest(key).map(k -> "; did you mean " + k + "?").orElse("");
        errors.add(new AnnotationError(key, values.get(key), "is not a known annotation" + hint));
      }
    }

    /** {@code input-uri} first, then {@code input-uri_N} ordered by N; gaps are allowed. */
    private List<ArtifactReference> inputs() {
      List<ArtifactReference> inputs = new ArrayList<>();
      optional(Annotations.INPUT_URI, this::input).ifPresent(inputs::add);
      TreeMap<Long, String> numbered = new TreeMap<>();
      for (Map.Entry<String, String> entry : values.entrySet()) {
        Matcher m = LIST_KEY.matcher(entry.getKey());
        if (!m.matches()) {
          continue;
        }
        String index = m.group(1);
        if (!LIST_INDEX.matcher(index).matches()) {
          errors.add(
              new AnnotationError(
                  entry.getKey(),
                  entry.getValue(),
                  "the list index must be a number from 1, without leading zeros, e.g. input-uri_1"));
          continue;
        }
        numbered.put(Long.parseLong(index), entry.getKey());
      }
      numbered.values().forEach(key -> optional(key, this::input).ifPresent(inputs::add));
      return inputs;
    }

    private ArtifactReference input(String value) {
      if (value.contains(OutputReference.Placeholder.INDEX.token())
          || value.contains(OutputReference.Placeholder.POD.token())) {
        throw new IllegalArgumentException(
            "placeholders such as {index} and {pod} are expanded only in "
                + Annotations.qualified(Annotations.OUTPUT_URI)
                + "; name the input artifact's tag in full");
      }
      return ArtifactReference.parse(value);
    }

    private Optional<CacheSettings.Output> output(
        Optional<OutputReference> uri, Optional<String> path) {
      boolean uriGiven = values.containsKey(Annotations.OUTPUT_URI);
      boolean pathGiven = values.containsKey(Annotations.OUTPUT_PATH);
      if (uriGiven && !pathGiven) {
        errors.add(
            new AnnotationError(
                Annotations.OUTPUT_PATH,
                null,
                "is required when "
                    + Annotations.qualified(Annotations.OUTPUT_URI)
                    + " is set: name the file or directory to push"));
      }
      if (pathGiven && !uriGiven) {
        errors.add(
            new AnnotationError(
                Annotations.OUTPUT_URI,
                null,
                "is required when "
                    + Annotations.qualified(Annotations.OUTPUT_PATH)
                    + " is set: name the repository:tag to push to"));
      }
      if (uri.isPresent() && path.isPresent()) {
        return Optional.of(new CacheSettings.Output(uri.get(), path.get()));
      }
      return Optional.empty();
    }

    private String required(String key, Function<String, String> parser) {
      return optional(key, parser).orElse("");
    }

    private <T> Optional<T> optional(String key, Function<String, T> parser) {
      String value = values.get(key);
      if (value == null) {
        return Optional.empty();
      }
      try {
        return Optional.of(parser.apply(value));
      } catch (IllegalArgumentException e) {
        errors.add(new AnnotationError(key, value, e.getMessage()));
        return Optional.empty();
      }
    }

    private Optional<Boolean> bool(String key) {
      return optional(
          key,
          value -> {
            if (value.equals("true")) {
              return true;
            }
            if (value.equals("false")) {
              return false;
            }
            throw new IllegalArgumentException("must be true or false");
          });
    }

    private String path(String value) {
      if (value.isEmpty()) {
        throw new IllegalArgumentException("must not be empty");
      }
      if (value.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("must not contain NUL characters");
      }
      for (String segment : value.split("/", -1)) {
        if (segment.equals("..")) {
          throw new IllegalArgumentException(
              "must not contain .. segments: give an absolute path or one below the working directory");
        }
      }
      return value;
    }

    private String dnsLabel(String value) {
      if (!DNS_LABEL.matcher(value).matches()) {
        throw new IllegalArgumentException(
            "must be a DNS-1123 label: at most 63 lowercase letters, digits and -, starting and ending"
                + " with a letter or digit");
      }
      return value;
    }

    private String dnsSubdomain(String value) {
      if (!DNS_SUBDOMAIN.matcher(value).matches()) {
        throw new IllegalArgumentException(
            "must be a Kubernetes object name (DNS-1123 subdomain): lowercase letters, digits, - and .");
      }
      return value;
    }

    private String host(String value) {
      ArtifactReference.checkHost(value);
      return value;
    }

    private String image(String value) {
      ArtifactReference.parse(value);
      return value;
    }
  }
}
