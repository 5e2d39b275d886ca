package io.github.oras.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SettingsParserTest {

  /** Annotations from short key / value pairs, qualified with the prefix. */
  static Map<String, String> annotations(String... keyValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put(Annotations.qualified(keyValues[i]), keyValues[i + 1]);
    }
    return map;
  }

  static CacheSettings valid(Map<String, String> annotations) {
    ParsedSettings parsed = SettingsParser.parse(annotations);
    assertThat(parsed).isInstanceOf(ParsedSettings.Valid.class);
    return ((ParsedSettings.Valid) parsed).settings();
  }

  static List<AnnotationError> errors(Map<String, String> annotations) {
    ParsedSettings parsed = SettingsParser.parse(annotations);
    assertThat(parsed).isInstanceOf(ParsedSettings.Invalid.class);
    return ((ParsedSettings.Invalid) parsed).errors();
  }

  static AnnotationError onlyError(Map<String, String> annotations) {
    List<AnnotationError> errors = errors(annotations);
    assertThat(errors).hasSize(1);
    return errors.get(0);
  }

  @Test
  void theCacheAloneOptsInWithEveryDefault() {
    CacheSettings settings = valid(annotations("oras-cache", "orascache-sample"));

    assertThat(settings.cache()).isEqualTo("orascache-sample");
    assertThat(settings.inputs()).isEmpty();
    assertThat(settings.inputPath()).isEmpty();
    assertThat(settings.output()).isEmpty();
    assertThat(settings.outputPipe()).isEmpty();
    assertThat(settings.container()).isEmpty();
    assertThat(settings.entrypoint()).isEmpty();
    assertThat(settings.orasImage()).isEmpty();
    assertThat(settings.orasEntrypoint()).isEmpty();
    assertThat(settings.registry()).isEmpty();
    assertThat(settings.orasEnvSecret()).isEmpty();
    assertThat(settings.unpack()).isTrue();
    assertThat(settings.debug()).isFalse();
    assertThat(settings.pushOnFailure()).isFalse();
    assertThat(settings.plainHttp()).isEmpty();
    assertThat(settings.usesPlainHttp()).isTrue();
  }

  @Test
  void everyKeyIsRead() {
    CacheSettings settings =
        valid(
            annotations(
                "oras-cache", "cache",
                "input-uri", "workflow/step1:run-1",
                "input-uri_1", "other.example.com:5000/data/set@sha256:" + "a".repeat(64),
                "input-path", "/data/in",
                "output-uri", "workflow/step2:run-1",
                "output-path", "out dir/result.txt",
                "output-pipe", "/tmp/app.log",
                "container", "launcher",
                "entrypoint", "[\"python3\", \"run.py\", \"--size\", \"$(N)\"]",
                "oras-container", "ghcr.io/example/oras-sidecar:1.0",
                "oras-entrypoint", "/usr/local/bin/sidecar",
                "registry", "registry.example.com:5000",
                "oras-env", "oras-credentials",
                "unpack", "false",
                "debug", "true",
                "push-on-failure", "true",
                "plain-http", "true"));

    assertThat(settings.cache()).isEqualTo("cache");
    assertThat(settings.inputs())
        .extracting(ArtifactReference::toString)
        .containsExactly(
            "workflow/step1:run-1", "other.example.com:5000/data/set@sha256:" + "a".repeat(64));
    assertThat(settings.inputPath()).contains("/data/in");
    assertThat(settings.output())
        .contains(
            new CacheSettings.Output(
                OutputReference.parse("workflow/step2:run-1"), "out dir/result.txt"));
    assertThat(settings.outputPipe()).contains("/tmp/app.log");
    assertThat(settings.container()).contains("launcher");
    assertThat(settings.entrypoint().orElseThrow().argv())
        .containsExactly("python3", "run.py", "--size", "$(N)");
    assertThat(settings.orasImage()).contains("ghcr.io/example/oras-sidecar:1.0");
    assertThat(settings.orasEntrypoint().orElseThrow().argv())
        .containsExactly("/usr/local/bin/sidecar");
    assertThat(settings.registry()).contains("registry.example.com:5000");
    assertThat(settings.orasEnvSecret()).contains("oras-credentials");
    assertThat(settings.unpack()).isFalse();
    assertThat(settings.debug()).isTrue();
    assertThat(settings.pushOnFailure()).isTrue();
    assertThat(settings.plainHttp()).contains(true);
    assertThat(settings.usesPlainHttp()).isTrue();
  }

  @Test
  void aRemoteRegistryUsesTlsUnlessToldOtherwise() {
    assertThat(
            valid(annotations("oras-cache", "c", "registry", "registry.example.com"))
                .usesPlainHttp())
        .isFalse();
    assertThat(
            valid(
                    annotations(
                        "oras-cache", "c", "registry", "localhost:5000", "plain-http", "true"))
                .usesPlainHttp())
        .isTrue();
    assertThat(valid(annotations("oras-cache", "c", "plain-http", "false")).usesPlainHttp())
        .isFalse();
  }

  @Test
  void withoutTheCacheNothingIsRequestedAndStrayKeysAreReported() {
    Map<String, String> annotations =
        annotations("output-uri", "a:b", "injected", "0.1.0", "debug", "x");
    annotations.put("example.com/other", "ignored");

    ParsedSettings parsed = SettingsParser.parse(annotations);

    assertThat(parsed).isEqualTo(new ParsedSettings.NotRequested(List.of("debug", "output-uri")));
    assertThat(SettingsParser.parse(Map.of()))
        .isEqualTo(new ParsedSettings.NotRequested(List.of()));
  }

  @Test
  void theInjectionMarkIsNotAnUnknownKey() {
    assertThat(valid(annotations("oras-cache", "c", "injected", "0.1.0")).cache()).isEqualTo("c");
  }

  @Test
  void numberedInputsAreOrderedByNumberWithGapsAllowed() {
    CacheSettings settings =
        valid(
            annotations(
                "oras-cache", "c",
                "input-uri_10", "ten:v",
                "input-uri_2", "two:v",
                "input-uri", "plain:v",
                "input-uri_7", "seven:v",
                "input-uri_123456789", "big:v"));

    assertThat(settings.inputs())
        .extracting(ArtifactReference::repository)
        .containsExactly("plain", "two", "seven", "ten", "big");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "input-uri_0",
        "input-uri_01",
        "input-uri_x",
        "input-uri_",
        "input-uri_1234567890",
        "input-uri_-1"
      })
  void badListIndicesAreErrorsNamingTheKey(String key) {
    AnnotationError error = onlyError(annotations("oras-cache", "c", key, "a:b"));

    assertThat(error.key()).isEqualTo(key);
    assertThat(error.value()).isEqualTo("a:b");
    assertThat(error.rule()).contains("input-uri_1");
  }

  @Test
  void everyErrorIsCollectedNotOnlyTheFirst() {
    List<AnnotationError> errors =
        errors(
            annotations(
                "oras-cache", "Not_A_Label",
                "input-uri", "UPPER/Case",
                "input-uri_3", "ok:v",
                "input-uri_4", "bad tag:v v",
                "output-uri", "fine:v",
                "output-path", "../escape",
                "container", "-bad",
                "entrypoint", "https://example.com/entrypoint.sh",
                "debug", "yes",
                "unpack", "TRUE",
                "oras-env", "Bad Secret",
                "registry", "no spaces allowed",
                "ouput-uri", "x:y"));

    assertThat(errors)
        .extracting(AnnotationError::key)
        .containsExactlyInAnyOrder(
            "oras-cache",
            "input-uri",
            "input-uri_4",
            "output-path",
            "container",
            "entrypoint",
            "debug",
            "unpack",
            "oras-env",
            "registry",
            "ouput-uri");
  }

  @Test
  void aTypoIsReportedWithTheKeyItProbablyMeant() {
    AnnotationError error =
        onlyError(
            annotations(
                "oras-cache", "c", "ouput-uri", "a:b", "output-uri", "a:b", "output-path", "p"));

    assertThat(error.key()).isEqualTo("ouput-uri");
    assertThat(error.rule())
        .contains("not a known annotation")
        .contains("did you mean output-uri?");
    assertThat(error.message())
        .startsWith(Annotations.PREFIX + "ouput-uri=\"a:b\": ")
        .contains("output-uri");
  }

  @Test
  void anUnknownKeyFarFromAnyKnownOneGetsNoSuggestion() {
    AnnotationError error = onlyError(annotations("oras-cache", "c", "completely-different", "1"));

    assertThat(error.rule()).isEqualTo("is not a known annotation");
  }

  @ParameterizedTest
  @ValueSource(strings = {"entrypoint", "oras-entrypoint"})
  void aUrlEntrypointIsRefusedWithTheReason(String key) {
    AnnotationError error =
        onlyError(
            annotations(
                "oras-cache",
                "c",
                key,
                "https://raw.githubusercontent.com/converged-computing/oras-operator/main/hack/entrypoint.sh"));

    assertThat(error.key()).isEqualTo(key);
    assertThat(error.rule())
        .contains("URL is no longer accepted")
        .contains("ship inside the sidecar image")
        .contains("JSON array");
  }

  @Test
  void anEntrypointWithSpacesMustBeAJsonArray() {
    AnnotationError error =
        onlyError(annotations("oras-cache", "c", "entrypoint", "python3 run.py"));

    assertThat(error.rule()).contains("JSON array").contains("never split on spaces");
  }

  @Test
  void theFirstImplementationsRelativeOutputPathStillWorks() {
    CacheSettings settings =
        valid(
            annotations(
                "oras-cache", "orascache-sample",
                "output-uri", "pancakes-are-great:latest",
                "output-path", "pancakes.txt"));

    assertThat(settings.output().orElseThrow().path()).isEqualTo("pancakes.txt");
    assertThat(settings.output().orElseThrow().uri().toString())
        .isEqualTo("pancakes-are-great:latest");
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", "../x", "a/../b", "a/..", "/abs/../etc/passwd", "./../x"})
  void dotDotSegmentsAreRefusedInEveryPath(String path) {
    for (String key : List.of("input-path", "output-pipe")) {
      AnnotationError error = onlyError(annotations("oras-cache", "c", key, path));
      assertThat(error.key()).isEqualTo(key);
      assertThat(error.value()).isEqualTo(path);
      assertThat(error.rule()).contains("..");
    }
    AnnotationError error =
        onlyError(annotations("oras-cache", "c", "output-uri", "a:b", "output-path", path));
    assertThat(error.key()).isEqualTo("output-path");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a..b",
        "...",
        "..hidden",
        "/abs/path",
        "rel/dir/",
        ".",
        "with space/f.txt",
        "semi;colon$(x)"
      })
  void pathsWithoutDotDotSegmentsAreKeptAsWritten(String path) {
    CacheSettings settings =
        valid(
            annotations(
                "oras-cache",
                "c",
                "input-path",
                path,
                "output-pipe",
                path,
                "output-uri",
                "a:b",
                "output-path",
                path));

    assertThat(settings.inputPath()).contains(path);
    assertThat(settings.outputPipe()).contains(path);
    assertThat(settings.output().orElseThrow().path()).isEqualTo(path);
  }

  @Test
  void emptyPathsAreRefused() {
    assertThat(onlyError(annotations("oras-cache", "c", "input-path", "")).rule())
        .contains("empty");
  }

  @Test
  void outputUriAndOutputPathRequireEachOther() {
    AnnotationError missingPath = onlyError(annotations("oras-cache", "c", "output-uri", "a:b"));
    assertThat(missingPath.key()).isEqualTo("output-path");
    assertThat(missingPath.value()).isNull();
    assertThat(missingPath.rule())
        .contains("required")
        .contains(Annotations.qualified("output-uri"));
    assertThat(missingPath.message())
        .isEqualTo(Annotations.qualified("output-path") + ": " + missingPath.rule());

    AnnotationError missingUri = onlyError(annotations("oras-cache", "c", "output-path", "x"));
    assertThat(missingUri.key()).isEqualTo("output-uri");
    assertThat(missingUri.rule()).contains("required");
  }

  @ParameterizedTest
  @ValueSource(strings = {"unpack", "debug", "push-on-failure", "plain-http"})
  void booleansAreExactlyTrueOrFalse(String key) {
    for (String bad : List.of("True", "FALSE", "yes", "1", "", " true")) {
      AnnotationError error = onlyError(annotations("oras-cache", "c", key, bad));
      assertThat(error.key()).isEqualTo(key);
      assertThat(error.rule()).isEqualTo("must be true or false");
    }
    assertThat(SettingsParser.parse(annotations("oras-cache", "c", key, "true")))
        .isInstanceOf(ParsedSettings.Valid.class);
    assertThat(SettingsParser.parse(annotations("oras-cache", "c", key, "false")))
        .isInstanceOf(ParsedSettings.Valid.class);
  }

  @Test
  void booleanValuesReachTheSettings() {
    CacheSettings flipped =
        valid(
            annotations(
                "oras-cache",
                "c",
                "unpack",
                "false",
                "debug",
                "true",
                "push-on-failure",
                "true",
                "plain-http",
                "false"));

    assertThat(flipped.unpack()).isFalse();
    assertThat(flipped.debug()).isTrue();
    assertThat(flipped.pushOnFailure()).isTrue();
    assertThat(flipped.plainHttp()).isEqualTo(Optional.of(false));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Upper", "under_score", "-lead", "trail-", "dot.ted"})
  void theCacheNameMustBeADnsLabel(String name) {
    AnnotationError error = onlyError(annotations("oras-cache", name));

    assertThat(error.key()).isEqualTo("oras-cache");
    assertThat(error.rule()).contains("DNS-1123 label");
  }

  @Test
  void artifactReferenceErrorsSayWhichPartIsWrong() {
    assertThat(onlyError(annotations("oras-cache", "c", "input-uri", "repo:-tag")).rule())
        .contains("tag \"-tag\"");
    assertThat(onlyError(annotations("oras-cache", "c", "input-uri", "Repo")).rule())
        .contains("repository \"Repo\"");
    assertThat(onlyError(annotations("oras-cache", "c", "input-uri", "repo@md5:12")).rule())
        .contains("digest");
    assertThat(onlyError(annotations("oras-cache", "c", "input-uri", "host:99999/repo")).rule())
        .contains("out of range");
  }

  @Test
  void aRegistryWithoutDotOrPortIsRefusedBecauseAReferenceCouldNotNameIt() {
    AnnotationError error = onlyError(annotations("oras-cache", "c", "registry", "myregistry"));

    assertThat(error.rule()).contains("myregistry:443");
    assertThat(valid(annotations("oras-cache", "c", "registry", "myregistry:443")).registry())
        .contains("myregistry:443");
  }

  @Test
  void aHugeValueIsAnErrorNotACrash() {
    String huge = "a" + "-a".repeat(100_000);

    List<AnnotationError> errors =
        errors(
            annotations(
                "oras-cache",
                "c",
                "input-uri",
                huge,
                "registry",
                huge + ".example",
                "oras-env",
                huge));

    assertThat(errors)
        .extracting(AnnotationError::key)
        .containsExactlyInAnyOrder("input-uri", "registry", "oras-env");
  }

  @Test
  void messagesQuoteValuesWithControlCharactersEscaped() {
    AnnotationError error = onlyError(annotations("oras-cache", "c", "debug", "tr\"ue\n\t\u0001"));

    assertThat(error.message())
        .isEqualTo(
            Annotations.qualified("debug") + "=\"tr\\\"ue\\n\\t\\u0001\": must be true or false");
  }
}
