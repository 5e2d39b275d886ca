package io.github.oras.operator.sidecar;

import io.github.oras.operator.api.ArtifactReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.function.LongFunction;

/**
 * Pulls an artifact into a directory as {@code oras pull -o DIR} would: each titled layer becomes
 * {@code DIR/<title>}, directory layers are unpacked. Streams in constant memory and verifies every
 * digest. Everything lands in a staging directory first and is moved into place only when all
 * layers arrived intact, so a failed pull leaves nothing behind.
 */
public final class ArtifactPuller {

  private final RegistryClient client;
  private final RetryPolicy retry;
  private final Console console;
  private final LongFunction<TransferProgress> progress;

  public ArtifactPuller(RegistryClient client, RetryPolicy retry, Console console) {
    this(client, retry, console, total -> TransferProgress.NONE);
  }

  private ArtifactPuller(
      RegistryClient client,
      RetryPolicy retry,
      Console console,
      LongFunction<TransferProgress> progress) {
    this.client = client;
    this.retry = retry;
    this.console = console;
    this.progress = progress;
  }

  /**
   * The same puller, reporting the running count of layer bytes received to the progress that
   * {@code progress} makes for the layers' total size.
   */
  public ArtifactPuller withProgress(LongFunction<TransferProgress> progress) {
    return new ArtifactPuller(client, retry, console, progress);
  }

  /**
   * @param unpack unpack directory layers (else they are saved as {@code <title>.tar.gz})
   * @param limits caps on what an unpacked directory may hold
   */
  public record Options(boolean unpack, ExtractionLimits limits) {
    public static final Options DEFAULT = new Options(true, ExtractionLimits.DEFAULT);
  }

  /** What was pulled: the manifest's digest and the top-level paths written. */
  public record Result(ArtifactReference reference, String manifestDigest, List<Path> written) {}

  public Result pull(ArtifactReference reference, Path directory, Options options)
      throws IOException {
    return pull(reference, directory, options, new NameClaims(), "");
  }

  /**
   * Pulls into a directory that other pulls of the same run also deliver to.
   *
   * @param claims the names delivered so far, and by whom; a name delivered twice is an error
   * @param source how to name this pull in such an error ("ORAS_INPUT_URI_2"), or empty
   */
  public Result pull(
      ArtifactReference reference,
      Path directory,
      Options options,
      NameClaims claims,
      String source)
      throws IOException {
    String repository = reference.repository();
    String version = reference.digest().orElse(reference.tag().orElse("latest"));
    RegistryClient.FetchedManifest fetched =
        retry.run(
            "get manifest " + reference,
            () -> client.getManifest(repository, version),
            console::info);
    OciManifest manifest = parse(fetched, reference);
    console.debug("got manifest " + fetched.digest());
    Path target = directory.toAbsolutePath().normalize();
    Files.createDirectories(target);
    Path staging = Files.createTempDirectory(target, ".oras-pull-");
    try {
      List<OciManifest.Descriptor> layers = new ArrayList<>();
      for (OciManifest.Descriptor layer : manifest.layers()) {
        String title = layer.annotation(OrasLayout.TITLE);
        if (title == null) {
          console.debug("skipping layer " + layer.digest() + ": it has no title");
          continue;
        }
        OrasLayout.checkTitle(title);
        String layerName = "layer " + shortDigest(layer) + "...";
        claims.claim(
            deliveredName(layer, options),
            source.isEmpty()
                ? layerName + " of " + reference
                : source + " (" + reference + ", " + layerName + ")");
        layers.add(layer);
      }
      List<String> names = new ArrayList<>();
      TransferProgress shown =
          progress.apply(layers.stream().mapToLong(OciManifest.Descriptor::size).sum());
      try {
        long before = 0;
        for (OciManifest.Descriptor layer : layers) {
          long base = before;
          names.add(
              fetchLayer(repository, layer, staging, options, bytes -> shown.accept(base + bytes)));
          before += layer.size();
        }
      } finally {
        shown.end();
      }
      List<Path> written = new ArrayList<>();
      for (String name : names) {
        written.add(moveIntoPlace(staging.resolve(name), target, name));
      }
      return new Result(reference, fetched.digest(), List.copyOf(written));
    } finally {
      FileTrees.deleteQuietly(staging);
    }
  }

  private static OciManifest parse(
      RegistryClient.FetchedManifest fetched, ArtifactReference reference) {
    if (fetched.mediaType().contains("index") || fetched.mediaType().contains("manifest.list")) {
      throw new RegistryException(
          RegistryException.Kind.INVALID,
          reference
              + " is an image index (one manifest per platform), not an artifact: pull one manifest by digest");
    }
    try {
      return OciManifest.parse(fetched.body());
    } catch (RuntimeException e) {
      throw new RegistryException(
          RegistryException.Kind.INVALID,
          "the manifest of " + reference + " is not an OCI manifest: " + e.getMessage(),
          e);
    }
  }

  /** The name a layer lands under: its title, or {@code <title>.tar.gz} when kept packed. */
  private static String deliveredName(OciManifest.Descriptor layer, Options options) {
    String title = layer.annotation(OrasLayout.TITLE);
    return OrasLayout.isDirectory(layer) && !options.unpack() ? title + ".tar.gz" : title;
  }

  private static String shortDigest(OciManifest.Descriptor layer) {
    String digest = layer.digest();
    return digest.length() > 19 ? digest.substring(0, 19) : digest;
  }

  private String fetchLayer(
      String repository,
      OciManifest.Descriptor layer,
      Path staging,
      Options options,
      LongConsumer received) {
    String title = layer.annotation(OrasLayout.TITLE);
    boolean unpack = OrasLayout.isDirectory(layer) && options.unpack();
    String name = deliveredName(layer, options);
    console.debug("pulling layer " + layer.digest() + " as " + name);
    retry.run(
        "pull layer " + name + " (" + layer.digest() + ")",
        () -> {
          Path place = staging.resolve(name);
          FileTrees.deleteRecursively(place);
          Files.createDirectories(place.getParent());
          if (!unpack) {
            client.downloadBlob(
                repository, layer.digest(), layer.size(), place, "layer " + name, received);
            return null;
          }
          new LayerUnpacker(client, console)
              .streamAndUnpack(repository, layer, name, staging, options.limits(), received);
          return null;
        },
        console::info);
    console.debug("pulled layer " + name);
    return name;
  }

  /**
   * Moves a staged name into the destination. The title may have several components: each one
   * already in the destination must be a real directory, never a link (an earlier pull or input may
   * have left one pointing elsewhere).
   */
  private static Path moveIntoPlace(Path staged, Path directory, String name) throws IOException {
    List<String> parts = List.of(name.split("/"));
    try (RootedTree tree = new RootedTree(directory);
        RootedTree.Place place = tree.open(parts, true)) {
      RootedTree.Kind kind = RootedTree.kindOf(place.parent(), place.name());
      if (kind == RootedTree.Kind.DIRECTORY) {
        FileTrees.deleteRecursively(place.absolute());
      } else if (kind != RootedTree.Kind.MISSING) {
        RootedTree.removeFile(place);
      }
      return Files.move(staged, place.absolute(), StandardCopyOption.ATOMIC_MOVE);
    } catch (RootedTree.Blocked blocked) {
      throw new RegistryException(
          RegistryException.Kind.INVALID,
          "cannot deliver \""
              + name
              + "\" into "
              + directory
              + ": "
              + String.join("/", blocked.at)
              + " there is not a directory but a "
              + blocked.kind.toString().toLowerCase(java.util.Locale.ROOT)
              + "; remove it or pull into another directory");
    }
  }
}
